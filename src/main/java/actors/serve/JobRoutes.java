// One file of some 260 lines on purpose: the six /jobs routes share one registry, one timeout and
// one error translation; apart, each would repeat them.
package actors.serve;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import actors.jobs.JobEndedException;
import actors.jobs.JobEntity;
import actors.jobs.JobSpec;
import actors.jobs.JobView;
import actors.jobs.NoSuchJobException;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;

/**
 * {@code /jobs}: submit a download job, list jobs, look at one, read its manifest, follow its
 * progress as server-sent events, cancel it, through {@link Jobs}: the same routes on one node and
 * on a cluster.
 *
 * <p>Progress events are snapshots of the whole job, so a client that reads slowly loses nothing it
 * needs: the stream keeps the newest {@value #EVENT_BUFFER} and drops older ones, never the last
 * (an {@code end} event, after which the stream completes).
 */
final class JobRoutes {

  static final int EVENT_BUFFER = 16;
  static final ContentType NDJSON =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("x-ndjson", HttpCharsets.UTF_8));

  private final Jobs jobs;
  private final JobSubmissions submissions;
  private final ActorSystem<?> system;

  JobRoutes(Jobs jobs, JobSubmissions submissions, ActorSystem<?> system) {
    this.jobs = jobs;
    this.submissions = submissions;
    this.system = system;
  }

  Route route(long maxListBytes) {
    return pathPrefix(
        "jobs",
        () ->
            concat(
                pathEnd(
                    () ->
                        concat(
                            post(
                                () ->
                                    parameterMap(
                                        query ->
                                            extractRequestEntity(
                                                entity -> {
                                                  Limits.check(entity, maxListBytes);
                                                  return submit(
                                                      submissions.prepare(newId(), entity, query));
                                                }))),
                            get(this::list))),
                pathPrefix(
                    PathMatchers.segment(),
                    id ->
                        concat(
                            pathEnd(() -> concat(get(() -> job(id)), delete(() -> cancel(id)))),
                            path("manifest", () -> get(() -> manifest(id))),
                            path("events", () -> get(() -> events(id)))))));
  }

  /** A new job id: sortable by time, unique enough (the registry refuses a taken one). */
  static String newId() {
    return Long.toString(System.currentTimeMillis(), 36)
        + "-"
        + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
  }

  private Route submit(CompletionStage<JobSpec> prepared) {
    CompletionStage<JobView> created = prepared.thenCompose(jobs::submit);
    return onSuccess(
        ApiErrors.named(created, "job submission"),
        view ->
            complete(
                StatusCodes.CREATED,
                List.of(Location.create("/jobs/" + view.id())),
                view,
                Json.marshaller()));
  }

  private CompletionStage<JobView> view(String id) {
    Names.check("id", id);
    return ApiErrors.named(jobs.view(id), "job " + id, JobRoutes::translate);
  }

  private Route job(String id) {
    return onSuccess(view(id), view -> complete(StatusCodes.OK, view, Json.marshaller()));
  }

  private Route list() {
    CompletionStage<List<String>> ids = jobs.ids();
    CompletionStage<List<JobView>> views =
        ApiErrors.named(ids, "job list")
            .thenCompose(
                all -> {
                  // A job that is listed but has no state (its first write failed) is left out,
                  // not a reason to fail the whole list.
                  List<CompletableFuture<Optional<JobView>>> each = new ArrayList<>();
                  for (String id : all) {
                    each.add(
                        view(id)
                            .toCompletableFuture()
                            .thenApply(Optional::of)
                            .exceptionally(
                                failure -> {
                                  Throwable cause = actors.support.Stages.cause(failure);
                                  if (cause instanceof ApiException api
                                      && api.status().intValue() == 404) {
                                    return Optional.empty();
                                  }
                                  throw new java.util.concurrent.CompletionException(cause);
                                }));
                  }
                  return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                      .thenApply(
                          done ->
                              each.stream()
                                  .map(CompletableFuture::join)
                                  .flatMap(Optional::stream)
                                  .toList());
                });
    return onSuccess(views, all -> complete(StatusCodes.OK, all, Json.marshaller()));
  }

  private Route cancel(String id) {
    Names.check("id", id);
    CompletionStage<JobView> cancelled =
        ApiErrors.named(jobs.cancel(id), "cancel of job " + id, JobRoutes::translate);
    return onSuccess(cancelled, view -> complete(StatusCodes.ACCEPTED, view, Json.marshaller()));
  }

  /** The manifest lines so far ({@link Jobs#manifest}). */
  private Route manifest(String id) {
    return onSuccess(view(id), view -> complete(HttpEntities.create(NDJSON, jobs.manifest(view))));
  }

  private Route events(String id) {
    return onSuccess(
        view(id),
        found -> {
          Pair<ActorRef<JobEntity.Update>, Source<JobEntity.Update, NotUsed>> source =
              ActorSource.<JobEntity.Update>actorRef(
                      update -> false,
                      update -> Optional.empty(),
                      EVENT_BUFFER,
                      OverflowStrategy.dropHead())
                  .takeWhile(update -> !update.last(), true)
                  .preMaterialize(system);
          jobs.subscribe(id, source.first());
          Source<ServerSentEvent, NotUsed> events =
              source
                  .second()
                  .map(JobRoutes::event)
                  .keepAlive(Duration.ofSeconds(15), ServerSentEvent::heartbeat);
          return complete(StatusCodes.OK, events, EventStreamMarshalling.toEventStream());
        });
  }

  private static ServerSentEvent event(JobEntity.Update update) {
    try {
      return ServerSentEvent.create(
          Json.MAPPER.writeValueAsString(update.view()), update.last() ? "end" : "progress");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a record of strings and numbers always serializes
    }
  }

  private static Throwable translate(Throwable failure) {
    if (failure instanceof NoSuchJobException) {
      return ApiException.notFound(failure.getMessage());
    }
    if (failure instanceof JobEndedException) {
      return ApiException.conflict(failure.getMessage());
    }
    return failure;
  }
}
