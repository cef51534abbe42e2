package actors.pipeline;

import actors.support.Stages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * The pipeline's cancellation token: one {@link SharedKillSwitch} through which every body stream
 * passes, plus a signal for the parts that are not streams yet (a request waiting for its response,
 * a line waiting for a download slot). The first {@link #cancel} wins; bodies in flight fail with
 * {@link ErrorCode#CANCELLED}, so their temporary files are removed and their outcome is {@code
 * cancelled}, never a truncated {@code ok}. Go's {@code context.WithCancel}, Rust's {@code
 * CancellationToken}; create one before the run when something (a signal handler) may cancel it
 * before the run has started.
 */
public final class Cancellation {

  private final SharedKillSwitch killSwitch = KillSwitches.shared("downloads");
  private final CompletableFuture<String> cancelled = new CompletableFuture<>();

  /** Cancels every download in flight and every one not started yet. */
  public void cancel(String reason) {
    if (cancelled.complete(reason)) {
      killSwitch.abort(cancelled(reason));
    }
  }

  /** True once {@link #cancel} was called. */
  public boolean isCancelled() {
    return cancelled.isDone();
  }

  /** Completes with the reason when cancelled. */
  public CompletionStage<String> whenCancelled() {
    return cancelled;
  }

  <T> Flow<T, T, NotUsed> flow() {
    return Flow.<T>create().via(killSwitch.flow());
  }

  /** {@code stage}, or a {@link ErrorCode#CANCELLED} failure if cancelled first. */
  <T> CompletableFuture<T> orCancelled(CompletionStage<T> stage) {
    CompletableFuture<T> either = Stages.plain(stage);
    cancelled.thenAccept(reason -> either.completeExceptionally(cancelled(reason)));
    return either;
  }

  static Failure.Raised cancelled(String reason) {
    return Failure.raise(Failure.of(ErrorCode.CANCELLED, "cancelled: " + reason));
  }
}
