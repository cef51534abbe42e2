package actors.channels;

import actors.support.Stages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.StreamDetachedException;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;

/**
 * A bounded channel whose receiving end is a stream: Go's {@code make(chan T, n)}, Rust's {@code
 * sync_channel(n)} and tokio's {@code mpsc::channel(n)}.
 *
 * <p>Made by {@link #source}: the stream's consumer is the receiver, the materialized {@code
 * Channel} the sender. {@link #send} completes once the value is in the buffer; while the buffer is
 * full it waits for the consumer's demand, so a fast producer is slowed to the consumer's pace and
 * memory never grows past {@code capacity} values. A sender awaits each send before the next (as
 * {@code tx.send(v).await}); at most {@code maxPendingSends} sends may wait at once, one per
 * concurrent sender. For many independent producers prefer {@link FanIn}, which buffers per
 * producer.
 *
 * <p>Closing: {@link #close} is Go's {@code close(ch)} and Rust's dropping of the last sender: the
 * consumer receives what was buffered, then the stream completes. A send after close, or after the
 * consumer went away (the stream was cancelled or failed), never waits: it completes at once with
 * {@link Rejected}, handing the value back, like Rust's {@code Err(SendError(value))}.
 *
 * <p>This wrapper is our own: Pekko's {@link SourceQueueWithComplete} does the queueing and the
 * waiting; what it lacks is handing the unsent value back, which is all this class adds.
 */
public final class Channel<T> {

  /** How a send ended. */
  public sealed interface SendResult<T> {}

  /** The value is in the channel. */
  public record Sent<T>() implements SendResult<T> {}

  /** The value was not sent and is handed back, with the reason. */
  public record Rejected<T>(T value, String reason) implements SendResult<T> {}

  /**
   * A source whose materialized value is the sending end of a channel holding at most {@code
   * capacity} values, for up to {@code maxPendingSends} senders waiting at once.
   */
  public static <T> Source<T, Channel<T>> source(int capacity, int maxPendingSends) {
    return Source.<T>queue(capacity, OverflowStrategy.backpressure(), maxPendingSends)
        .mapMaterializedValue(Channel::new);
  }

  /** A source with one sender at a time: the chapter's {@code sync_channel(capacity)}. */
  public static <T> Source<T, Channel<T>> source(int capacity) {
    return source(capacity, 1);
  }

  private final SourceQueueWithComplete<T> queue;

  private Channel(SourceQueueWithComplete<T> queue) {
    this.queue = queue;
  }

  /** Sends {@code value}, waiting for room; completes with {@link Sent} or {@link Rejected}. */
  public CompletionStage<SendResult<T>> send(T value) {
    CompletionStage<QueueOfferResult> offered;
    try {
      offered = queue.offer(value);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(new Rejected<>(value, describe(e)));
    }
    return Stages.plain(offered)
        .handle(
            (result, failure) -> {
              if (failure != null) {
                return new Rejected<>(value, describe(failure));
              }
              if (result.isEnqueued()) {
                return new Sent<>();
              }
              return new Rejected<>(value, "channel closed");
            });
  }

  /** Closes the channel: the consumer gets what is buffered, then the end of the stream. */
  public void close() {
    queue.complete();
  }

  /** Completes when the stream ends: closed and drained, or cancelled by the consumer. */
  public CompletionStage<?> whenDone() {
    return queue.watchCompletion();
  }

  private static String describe(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    // Pekko reports a queue whose stream has ended as a detached stage: for a sender, closed.
    return cause instanceof StreamDetachedException
        ? "channel closed"
        : "channel failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
