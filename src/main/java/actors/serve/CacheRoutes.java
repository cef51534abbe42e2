package actors.serve;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.extractStrictEntity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.put;

import actors.cache.Cache;
import actors.support.Stages;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET|PUT|DELETE /cache/{key}} and {@code GET /cache}: the patterns' bounded LRU cache
 * ({@link actors.cache.PartitionedCache}) over HTTP, in memory. A value comes back with the
 * Content-Type it was put with ({@link CachedEntity}); a value over {@code max-value-bytes} is a
 * 413.
 */
final class CacheRoutes {

  /**
   * {@code GET /cache}'s body; on a cluster also {@code partition_restarts}: how many times a
   * partition started again empty, having lost its entries with its node.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CacheStats(
      int size, int maxEntries, long hits, long misses, long evictions, Long partitionRestarts) {}

  private final ActorRef<Cache.Command> cache;
  private final int maxEntries;
  private final long maxValueBytes;
  private final Duration timeout;
  private final Scheduler scheduler;
  private final Function<Duration, CompletionStage<Long>> partitionRestarts;

  /** {@code partitionRestarts}: on a cluster, the count of partitions started again; or null. */
  CacheRoutes(
      ActorRef<Cache.Command> cache,
      int maxEntries,
      long maxValueBytes,
      Duration timeout,
      Scheduler scheduler,
      Function<Duration, CompletionStage<Long>> partitionRestarts) {
    this.cache = cache;
    this.maxEntries = maxEntries;
    this.maxValueBytes = maxValueBytes;
    this.timeout = timeout;
    this.scheduler = scheduler;
    this.partitionRestarts = partitionRestarts;
  }

  Route route() {
    return pathPrefix(
        "cache",
        () ->
            concat(
                pathEnd(() -> get(this::stats)),
                path(
                    PathMatchers.segment(),
                    key ->
                        concat(
                            get(() -> lookup(key)),
                            put(
                                () ->
                                    extractRequestEntity(
                                        entity -> {
                                          Limits.check(entity, maxValueBytes);
                                          return extractStrictEntity(
                                              timeout, maxValueBytes, strict -> store(key, strict));
                                        })),
                            delete(() -> remove(key))))));
  }

  private Route lookup(String key) {
    Names.check("key", key);
    return onSuccess(fetch(key), Directives::complete);
  }

  private Route store(String key, HttpEntity.Strict entity) {
    Names.check("key", key);
    return onSuccess(save(key, entity), Directives::complete);
  }

  /** The value as the answer, with its Content-Type; a 404 if absent, a 503 with no answer. */
  CompletionStage<HttpResponse> fetch(String key) {
    CompletionStage<Optional<String>> value =
        AskPattern.askWithStatus(cache, replyTo -> new Cache.Get(key, replyTo), timeout, scheduler);
    return ApiErrors.named(value, "cache get of " + key)
        .thenApply(
            found ->
                found
                    .map(stored -> HttpResponse.create().withEntity(CachedEntity.decode(stored)))
                    .orElseThrow(() -> ApiException.notFound("no cache entry for key " + key)));
  }

  /** Stores {@code entity} (already checked against the size limit); a 204. */
  CompletionStage<HttpResponse> save(String key, HttpEntity.Strict entity) {
    CompletionStage<Done> stored =
        AskPattern.ask(
            cache,
            replyTo -> new Cache.Put(key, CachedEntity.encode(entity), replyTo),
            timeout,
            scheduler);
    return ApiErrors.named(stored, "cache put of " + key)
        .thenApply(done -> HttpResponse.create().withStatus(StatusCodes.NO_CONTENT));
  }

  long maxValueBytes() {
    return maxValueBytes;
  }

  private Route remove(String key) {
    Names.check("key", key);
    CompletionStage<Done> removed =
        AskPattern.ask(cache, replyTo -> new Cache.Delete(key, replyTo), timeout, scheduler);
    return onSuccess(
        ApiErrors.named(removed, "cache delete of " + key),
        done -> complete(StatusCodes.NO_CONTENT));
  }

  private Route stats() {
    CompletionStage<Cache.Stats> stats =
        AskPattern.askWithStatus(cache, Cache.GetStats::new, timeout, scheduler);
    CompletionStage<Long> restarts =
        partitionRestarts == null
            ? CompletableFuture.completedFuture(null)
            : ApiErrors.named(partitionRestarts.apply(timeout), "cache partition restarts");
    return onSuccess(Stages.plain(restarts), restarted -> stats(stats, restarted));
  }

  private Route stats(CompletionStage<Cache.Stats> stats, Long restarted) {
    return onSuccess(
        // A partition that did not answer in time is an error reply, not a timeout: a 503 too.
        ApiErrors.named(
            stats,
            "cache stats",
            failure ->
                failure instanceof org.apache.pekko.pattern.StatusReply.ErrorMessage
                    ? ApiException.unavailable("cache stats", failure.getMessage())
                    : failure),
        s ->
            complete(
                StatusCodes.OK,
                new CacheStats(
                    s.size(), maxEntries, s.hits(), s.misses(), s.evictions(), restarted),
                Json.marshaller()));
  }
}
