package actors.select;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;

/**
 * crossbeam's {@code try_recv} and {@code select! { ..., default => ... }} on a stream: take the
 * next element if one is ready, or learn at once that none is.
 *
 * <p>Built on {@link SinkQueueWithCancel}, whose {@code pull()} returns a future. A pull that is
 * not ready is kept, not abandoned, and the next try looks at it first, so an element that arrives
 * between two tries is never lost. Our own small addition: Pekko has no synchronous poll. One
 * consumer thread at a time, like the queue it wraps.
 */
public final class TryReceiver<T> {

  /** What a try found. */
  public sealed interface Result<T> {}

  /** An element was ready. */
  public record Value<T>(T value) implements Result<T> {}

  /** Nothing is ready now: crossbeam's {@code TryRecvError::Empty}. */
  public record Empty<T>() implements Result<T> {}

  /** The stream ended: crossbeam's {@code TryRecvError::Disconnected}. */
  public record Closed<T>() implements Result<T> {}

  private final SinkQueueWithCancel<T> queue;
  private CompletableFuture<Optional<T>> pending;

  /** A receiver taking from {@code queue}, materialized from {@code Sink.queue()}. */
  public TryReceiver(SinkQueueWithCancel<T> queue) {
    this.queue = queue;
  }

  /** Returns at once: the next element, {@link Empty} if none is ready, or {@link Closed}. */
  public Result<T> tryReceive() {
    if (pending == null) {
      pending = queue.pull().toCompletableFuture();
    }
    if (!pending.isDone()) {
      return new Empty<>();
    }
    Optional<T> next = pending.join();
    pending = null;
    return next.<Result<T>>map(Value::new).orElseGet(Closed::new);
  }
}
