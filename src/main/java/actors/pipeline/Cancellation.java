package actors.pipeline;

import actors.support.Stages;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * The pipeline's cancellation token, Go's {@code context.WithCancel} or Rust's {@code
 * CancellationToken}: one {@link SharedKillSwitch} through which every body stream passes, plus
 * listeners for what is not a stream (a request waiting for its response, a retry waiting for its
 * backoff). The first {@link #cancel} wins; bodies in flight fail with {@link ErrorCode#CANCELLED},
 * so their temporary files are removed and their outcome is {@code cancelled}, never a truncated
 * {@code ok}; no request starts after it. Create one before the run when something (a signal
 * handler) may cancel it before the run has started.
 *
 * <p>The listeners are a concurrent set, each removed when what it waits for is over: at most one
 * per download in flight. (A callback on a JDK future instead would stay registered until the
 * cancel, one per attempt, and grow with the input.)
 */
public final class Cancellation {

  private final SharedKillSwitch killSwitch = KillSwitches.shared("downloads");
  private final SharedKillSwitch input = KillSwitches.shared("input");
  private final CompletableFuture<String> cancelled = new CompletableFuture<>();
  private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();

  /** Cancels every download in flight and every one not started yet. */
  public void cancel(String reason) {
    if (cancelled.complete(reason)) {
      killSwitch.abort(cancelled(reason));
      input.shutdown();
      listeners.forEach(Runnable::run);
    }
  }

  /** True once {@link #cancel} was called. */
  public boolean isCancelled() {
    return cancelled.isDone();
  }

  <T> Flow<T, T, NotUsed> flow() {
    return Flow.<T>create().via(killSwitch.flow());
  }

  /**
   * Ends an input at the cancel, as if it had ended there ({@link InputLine#fromPipe}). Without it,
   * a cancelled run still reads its input to the end, to give every line its {@code cancelled}
   * line.
   */
  <T> Flow<T, T, NotUsed> untilCancelled() {
    return Flow.<T>create().via(input.flow());
  }

  /**
   * Runs {@code onCancel} when the run is cancelled (at once if it already is), unless the returned
   * handle has been run first: run it when what {@code onCancel} would stop is over.
   */
  Runnable onCancel(Runnable onCancel) {
    listeners.add(onCancel);
    if (isCancelled() && listeners.remove(onCancel)) {
      onCancel.run(); // cancelled between the check and the add: nobody else will run it
    }
    return () -> listeners.remove(onCancel);
  }

  /** {@code stage}, or a {@link ErrorCode#CANCELLED} failure if cancelled first. */
  <T> CompletableFuture<T> orCancelled(CompletionStage<T> stage) {
    CompletableFuture<T> either = Stages.plain(stage);
    Runnable forget =
        onCancel(() -> either.completeExceptionally(cancelled(cancelled.getNow("cancelled"))));
    either.whenComplete((value, failure) -> forget.run());
    return either;
  }

  static Failure.Raised cancelled(String reason) {
    return Failure.raise(Failure.of(ErrorCode.CANCELLED, "cancelled: " + reason));
  }
}
