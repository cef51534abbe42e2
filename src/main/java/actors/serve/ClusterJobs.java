package actors.serve;

import actors.jobs.ClusterJob;
import actors.jobs.JobEntity;
import actors.jobs.JobSpec;
import actors.jobs.JobView;
import actors.pipeline.InputLine;
import actors.pipeline.LineChecks;
import actors.pipeline.PipelineSettings;
import actors.support.Stages;
import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The jobs of a cluster: each a {@link ClusterJob}, sharded, reached from any node.
 *
 * <p>Submitting: the node that took the request has the URL list on its disk ({@link
 * JobSubmissions}); it checks every line there (invalid, duplicate: only it sees the whole list),
 * sends the lines to the job in chunks of at most {@link #CHUNK_BYTES} (a message between nodes is
 * limited in size), then creates the job. The manifest and the list of jobs are read from the
 * shared journal ({@code pekko-persistence-query}), so any node serves them, whichever node the job
 * lives on: the manifest is its {@link ClusterJob.LinesAdded} and {@link ClusterJob.LineReported}
 * events, in the order they were written; the list is the journal's job ids (a scan of every id in
 * the journal: a registry entity would be the next step for very many ids).
 */
final class ClusterJobs implements Jobs {

  /** At most this much of a URL list per message to the job (Artery's frames are 256 KiB). */
  static final int CHUNK_BYTES = 64 * 1024;

  private static final String PREFIX = ClusterJob.persistenceId("").id();

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final JobSubmissions submissions;
  private final Config config;
  private final Duration timeout;
  private final JdbcReadJournal journal;

  ClusterJobs(ActorSystem<?> system, JobSubmissions submissions, Config config, Duration timeout) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.submissions = submissions;
    this.config = config;
    this.timeout = timeout;
    this.journal =
        PersistenceQuery.get(system.classicSystem())
            .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
  }

  private EntityRef<ClusterJob.Command> job(String id) {
    return sharding.entityRefFor(ClusterJob.TYPE_KEY, id);
  }

  @Override
  public CompletionStage<JobView> submit(JobSpec spec) {
    PipelineSettings settings = JobEntity.settings(spec, config);
    EntityRef<ClusterJob.Command> job = job(spec.id());
    LineChecks checks = new LineChecks();
    CompletionStage<Done> added =
        InputLine.fromFile(submissions.dir(spec.id()).resolve("urls.txt"), settings.maxLineLength())
            .map(
                line ->
                    checks
                        .outcomeOf(line)
                        .map(
                            outcome ->
                                new ClusterJob.PlannedLine(
                                    line.number(), null, ClusterJob.LineResult.of(outcome, null)))
                        .orElseGet(
                            () -> new ClusterJob.PlannedLine(line.number(), line.text(), null)))
            .groupedWeighted(CHUNK_BYTES, ClusterJobs::weight)
            .statefulMap(
                () -> 0L,
                (first, chunk) -> Pair.create(first + chunk.size(), Pair.create(first, chunk)),
                first -> java.util.Optional.empty())
            .mapAsync(
                1,
                chunk ->
                    job.<Done>askWithStatus(
                        replyTo -> new ClusterJob.AddLines(chunk.first(), chunk.second(), replyTo),
                        timeout))
            .runWith(Sink.ignore(), system);
    return Stages.plain(added)
        .thenCompose(
            done ->
                job.<JobView>askWithStatus(
                    replyTo -> new ClusterJob.Create(spec, replyTo), timeout));
  }

  private static long weight(ClusterJob.PlannedLine line) {
    return 32
        + (line.text() == null ? 0 : line.text().length() * 3L)
        + (line.resolved() == null ? 0 : line.resolved().json().length() * 3L);
  }

  @Override
  public CompletionStage<JobView> view(String id) {
    return translated(job(id).askWithStatus(ClusterJob.Get::new, timeout));
  }

  @Override
  public CompletionStage<JobView> cancel(String id) {
    return translated(job(id).askWithStatus(ClusterJob.Cancel::new, timeout));
  }

  private static <T> CompletionStage<T> translated(CompletionStage<T> asked) {
    return Stages.plain(asked)
        .handle(
            (value, failure) -> {
              if (failure != null) {
                throw new CompletionException(ClusterJob.translate(Stages.cause(failure)));
              }
              return value;
            });
  }

  /** How often a follower subscribes again (see {@link #subscribe}). */
  static final Duration RESUBSCRIBE = Duration.ofSeconds(5);

  /**
   * A job forgets its subscribers when it moves to another node (they are in its memory), so a
   * small actor per stream subscribes again every {@link #RESUBSCRIBE} until the stream ends: the
   * job's new incarnation then knows it, and a job that ended meanwhile sends the last update. (A
   * subscription is idempotent; the price is one extra progress event per interval.)
   */
  @Override
  public void subscribe(String id, ActorRef<JobEntity.Update> subscriber) {
    EntityRef<ClusterJob.Command> job = job(id);
    Behavior<Object> follower =
        Behaviors.setup(
            context -> {
              context.watch(subscriber);
              job.tell(new ClusterJob.Subscribe(subscriber));
              return Behaviors.withTimers(
                  timers -> {
                    timers.startTimerWithFixedDelay("again", RESUBSCRIBE);
                    return Behaviors.receive(Object.class)
                        .onMessageEquals(
                            "again",
                            () -> {
                              job.tell(new ClusterJob.Subscribe(subscriber));
                              return Behaviors.same();
                            })
                        .onSignal(Terminated.class, gone -> Behaviors.stopped())
                        .build();
                  });
            });
    system.systemActorOf(follower, "job-follower-" + UUID.randomUUID(), Props.empty());
  }

  @Override
  public CompletionStage<List<String>> ids() {
    return journal
        .currentPersistenceIds()
        .filter(pid -> pid.startsWith(PREFIX))
        .map(pid -> pid.substring(PREFIX.length()))
        .runWith(Sink.seq(), system)
        .thenApply(ids -> ids.stream().sorted().toList()); // ids sort by creation time
  }

  @Override
  public Source<ByteString, NotUsed> manifest(JobView view) {
    return journal
        .currentEventsByPersistenceId(ClusterJob.persistenceId(view.id()).id(), 0, Long.MAX_VALUE)
        .mapConcat(
            envelope -> {
              Object event = envelope.event();
              if (event instanceof ClusterJob.LinesAdded added) {
                return added.lines().stream()
                    .filter(line -> line.resolved() != null)
                    .map(line -> line.resolved().json())
                    .toList();
              }
              if (event instanceof ClusterJob.LineReported reported) {
                return List.of(reported.result().json());
              }
              return List.<String>of();
            })
        .map(json -> ByteString.fromString(json + "\n", StandardCharsets.UTF_8));
  }
}
