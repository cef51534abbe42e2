package actors.pipeline;

import actors.support.Stages;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.Patterns;

/**
 * When to try a download again, and how long to wait first: up to {@code retries} more attempts,
 * only after a {@linkplain Failure#retryable() retryable} failure and never once the run is
 * cancelled, with exponential backoff from {@code backoffMin} doubling to {@code backoffMax}, each
 * delay randomised by {@code backoffRandomFactor}; a server's {@code Retry-After} adds its wait
 * (capped at {@code backoffMax}) before the next attempt.
 *
 * <p>The loop is Pekko's {@code Patterns.retry} on CompletionStages. Not {@code RetryFlow}: it
 * takes one element at a time, so parallel downloads would need a stream materialized per URL,
 * which measured slower (docs/BENCHMARKS.md).
 */
final class RetryPolicy {

  /** The attempt that ended the loop, and how many attempts there were. */
  record Result(Fetcher.Attempt last, int attempts) {}

  private final ActorSystem<?> system;
  private final PipelineSettings settings;
  private final Cancellation cancellation;

  RetryPolicy(ActorSystem<?> system, PipelineSettings settings, Cancellation cancellation) {
    this.system = system;
    this.settings = settings;
    this.cancellation = cancellation;
  }

  /**
   * Runs {@code attempt} until it passes, fails for good, or the retries are used up. A cancel ends
   * a wait between attempts at once, and no attempt starts after it.
   */
  CompletionStage<Result> run(String url, Supplier<CompletionStage<Fetcher.Attempt>> attempt) {
    CompletableFuture<Result> result = new CompletableFuture<>();
    // What the last decision learned (the attempt's number, a Retry-After), for the next attempt.
    AtomicReference<Next> next = new AtomicReference<>(new Next(1, Duration.ZERO, () -> {}));
    Stages.plain(
            Patterns.retry(
                () -> {
                  Next now = next.get();
                  Supplier<CompletionStage<Result>> go =
                      () -> {
                        now.stopWaiting().run();
                        if (cancellation.isCancelled()) {
                          return CompletableFuture.completedFuture(cancelled(now.number() - 1));
                        }
                        Trace.debug(url, "attempt {}", now.number());
                        return attempt.get().thenApply(last -> new Result(last, now.number()));
                      };
                  // A Retry-After is waited for here, on top of the backoff; a cancel ends it too.
                  return now.delay().isZero() ? go.get() : later(now.delay(), go);
                },
                (tried, failure) -> {
                  if (tried != null
                      && !tried.last().ok()
                      && tried.last().failure().retryable()
                      && cancellation.isCancelled()) {
                    result.complete(cancelled(tried.attempts())); // it would have been retried
                    return false;
                  }
                  Duration wait = retryAfter(url, tried);
                  if (wait == null) {
                    return false;
                  }
                  int number = tried.attempts() + 1;
                  Runnable stopWaiting =
                      cancellation.onCancel(() -> result.complete(cancelled(number - 1)));
                  next.set(new Next(number, wait, stopWaiting));
                  return true;
                },
                settings.retries(),
                settings.backoffMin(),
                settings.backoffMax(),
                settings.backoffRandomFactor(),
                system.classicSystem()))
        .whenComplete(
            (done, failure) -> {
              if (failure != null) {
                result.completeExceptionally(failure);
              } else {
                result.complete(done);
              }
            });
    return result;
  }

  /** The attempt after this one, and how to stop listening for a cancel while waiting for it. */
  private record Next(int number, Duration delay, Runnable stopWaiting) {}

  /** The run was cancelled after {@code attempts} attempts: no more. */
  private static Result cancelled(int attempts) {
    return new Result(
        new Fetcher.Attempt(
            null, Failure.of(ErrorCode.CANCELLED, "cancelled before attempt " + (attempts + 1))),
        attempts);
  }

  /** The extra wait before the next attempt (zero for none), or null: no next attempt. */
  private Duration retryAfter(String url, Result result) {
    if (result == null) {
      return null; // the attempt failed its stage, which Fetcher never does: nothing to retry
    }
    Failure failure = result.last().failure();
    if (failure == null || !failure.retryable()) { // a cancel was handled before
      return null;
    }
    Duration wait =
        failure.retryAfter().map(after -> min(after, settings.backoffMax())).orElse(Duration.ZERO);
    Trace.debug(
        url,
        "retry scheduled after {}: backoff from {} ms{}",
        failure.text(),
        settings.backoffMin().toMillis(),
        wait.isZero() ? "" : ", then Retry-After " + wait.toMillis() + " ms");
    return wait;
  }

  /** {@code then}, after {@code delay}. */
  private <T> CompletionStage<T> later(Duration delay, Supplier<CompletionStage<T>> then) {
    return Stages.plain(
        Patterns.after(
            delay, system.classicSystem().scheduler(), system.executionContext(), then::get));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
