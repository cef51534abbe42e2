package actors.cache;

import actors.support.Stages;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.pattern.StatusReply;

/**
 * The cache for code that is not an actor (a {@code main}, a servlet, a test): each call asks the
 * cache ({@link Cache} or {@link PartitionedCache}, the same to this class) and completes with the
 * reply.
 *
 * <p>Why it exists: code outside the actor system has no mailbox to receive a reply in, so {@link
 * AskPattern} makes a temporary one per call, with a timeout. Actors inside the system should not
 * use this class: they send {@link Cache.Get} with a {@code replyTo} of their own (through {@code
 * context.ask} or a message adapter) and handle the reply as a message, never waiting on a future.
 *
 * <p>Every call is bounded by {@link CacheSettings#askTimeout()} (or the timeout given): a cache
 * that does not answer fails the stage with {@link CacheTimeoutException}, naming the operation and
 * the key, and never hangs. A failed read-through load fails a get with {@link CacheLoadException};
 * a partitioned cache that cannot answer for every partition fails size and stats with {@link
 * CacheUnavailableException}.
 */
public final class CacheClient {

  private final ActorRef<Cache.Command> cache;
  private final Duration timeout;
  private final Scheduler scheduler;

  private CacheClient(ActorRef<Cache.Command> cache, Duration timeout, Scheduler scheduler) {
    this.cache = cache;
    this.timeout = timeout;
    this.scheduler = scheduler;
  }

  /** A client of {@code cache} waiting at most {@code actors.cache.ask-timeout} per call. */
  public static CacheClient create(ActorSystem<?> system, ActorRef<Cache.Command> cache) {
    return create(system, cache, CacheSettings.create(system.settings().config()).askTimeout());
  }

  /** A client of {@code cache} waiting at most {@code timeout} per call. */
  public static CacheClient create(
      ActorSystem<?> system, ActorRef<Cache.Command> cache, Duration timeout) {
    return new CacheClient(cache, timeout, system.scheduler());
  }

  /** The value of {@code key}, or empty. */
  public CompletionStage<Optional<String>> get(String key) {
    return completed("get", key, askWithStatus(replyTo -> new Cache.Get(key, replyTo)));
  }

  /** Stores {@code value} under {@code key}; completes once the cache has it. */
  public CompletionStage<Done> put(String key, String value) {
    return completed("put", key, ask(replyTo -> new Cache.Put(key, value, replyTo)));
  }

  /** Removes {@code key}; completes once it is gone. */
  public CompletionStage<Done> delete(String key) {
    return completed("delete", key, ask(replyTo -> new Cache.Delete(key, replyTo)));
  }

  /** The number of entries. */
  public CompletionStage<Integer> size() {
    return completed("size", null, askWithStatus(Cache.Size::new));
  }

  /** The cache's counters. */
  public CompletionStage<Cache.Stats> stats() {
    return completed("stats", null, askWithStatus(Cache.GetStats::new));
  }

  private <R> CompletionStage<R> ask(Function<ActorRef<R>, Cache.Command> request) {
    return AskPattern.ask(cache, request, timeout, scheduler);
  }

  /** An ask whose {@link StatusReply} error fails the stage (with {@code ErrorMessage}). */
  private <R> CompletionStage<R> askWithStatus(
      Function<ActorRef<StatusReply<R>>, Cache.Command> request) {
    return AskPattern.askWithStatus(cache, request, timeout, scheduler);
  }

  /** {@code reply}, its failures turned into this class's exceptions. */
  private <R> CompletableFuture<R> completed(
      String operation, String key, CompletionStage<R> reply) {
    return Stages.plain(reply)
        .handle(
            (value, failure) -> {
              if (failure != null) {
                throw failed(operation, key, failure);
              }
              return value;
            });
  }

  private CompletionException failed(String operation, String key, Throwable failure) {
    Throwable cause = Stages.cause(failure);
    if (cause instanceof TimeoutException) {
      return new CompletionException(new CacheTimeoutException(operation, key, timeout));
    }
    if (cause instanceof StatusReply.ErrorMessage error) {
      return new CompletionException(
          key != null
              ? new CacheLoadException(key, error.getMessage())
              : new CacheUnavailableException(error.getMessage()));
    }
    return new CompletionException(cause);
  }
}
