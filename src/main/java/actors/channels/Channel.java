package actors.channels;

import actors.support.Stages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A bounded channel whose receiving end is a stream: Go's {@code make(chan T, n)}, Rust's {@code
 * sync_channel(n)} and tokio's {@code mpsc::channel(n)}.
 *
 * <p>Made by {@link #source}: the stream's consumer is the receiver, the materialized {@code
 * Channel} the sender. {@link #send} completes once the value is in the buffer; while the buffer is
 * full it waits for the consumer to take a value, so a fast producer is slowed to the consumer's
 * pace and memory never grows past {@code capacity} values.
 *
 * <p>The offer path: while there is room, {@link #send} puts the value in Pekko's {@link
 * BoundedSourceQueue} synchronously and returns a stage that is already complete, so a producer
 * that awaits every send (as {@code tx.send(v).await}) never waits on a future it could not pass at
 * once: no scheduling, no thread hand-off per value. Only when the buffer is full does a send
 * register for "room" and return a stage that completes later: the stream signals room each time
 * its consumer takes a value. Sends made while an earlier one waits queue behind it, so one
 * producer's values stay in order. This class is for one producer (a thread or an actor) at a time;
 * for several, use {@link FanIn}, which gives each producer its own buffer.
 *
 * <p>Closing: {@link #close} is Go's {@code close(ch)} and Rust's dropping of the last sender: the
 * consumer receives what was buffered, then the stream completes. A send after close, or after the
 * consumer went away (the stream was cancelled or failed), never waits: it completes at once with
 * {@link Rejected}, handing the value back, like Rust's {@code Err(SendError(value))}.
 *
 * <p>Why not Pekko's {@code Source.queue(n, backpressure())} alone, as this class once was: each of
 * its offers returns a future completed by the stream's actor, so a producer awaiting every send
 * pays a round trip between threads per value (docs/BENCHMARKS.md, "Patterns"). The room signal is
 * the one piece of state shared with the stream, an atomic reference: no lock.
 */
public final class Channel<T> {

  /** How a send ended. */
  public sealed interface SendResult<T> {}

  /** The value is in the channel. */
  public record Sent<T>() implements SendResult<T> {}

  /** The value was not sent and is handed back, with the reason. */
  public record Rejected<T>(T value, String reason) implements SendResult<T> {}

  private static final CompletableFuture<SendResult<Object>> SENT =
      CompletableFuture.completedFuture(new Sent<>());

  /**
   * A source whose materialized value is the sending end of a channel of {@code capacity}. Each
   * call gives one channel: materializing the same source twice fails, rather than have two streams
   * share one room signal.
   */
  public static <T> Source<T, Channel<T>> source(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "a channel's capacity must be at least 1, was " + capacity);
    }
    Room room = new Room(capacity);
    return Source.<T>queue(capacity)
        .map(
            value -> {
              room.taken(); // the value left the buffer: a waiting send may go on
              return value;
            })
        .watchTermination(Keep.both())
        .mapMaterializedValue(pair -> new Channel<>(pair, room.claim(pair.first())));
  }

  /**
   * The one piece of state the sender shares with the stream: the send waiting for room, if any. It
   * is woken once the buffer is down to half its capacity, not at every value taken, so a producer
   * that outruns its consumer resumes for a run of sends instead of a hand-off between threads per
   * value.
   */
  private static final class Room {
    private final int lowWater;
    private final AtomicReference<CompletableFuture<Void>> waiting = new AtomicReference<>();
    private final AtomicReference<BoundedSourceQueue<?>> queue = new AtomicReference<>();

    Room(int capacity) {
      this.lowWater = capacity / 2;
    }

    Room claim(BoundedSourceQueue<?> materialized) {
      if (!queue.compareAndSet(null, materialized)) {
        throw new IllegalStateException(
            "a Channel source is materialized once; call Channel.source again for another");
      }
      return this;
    }

    void taken() {
      if (waiting.get() != null && queue.get().size() <= lowWater) {
        wake();
      }
    }

    void wake() {
      CompletableFuture<Void> waiter = waiting.get();
      if (waiter != null && waiting.compareAndSet(waiter, null)) {
        waiter.complete(null);
      }
    }

    CompletableFuture<Void> register() {
      CompletableFuture<Void> waiter = new CompletableFuture<>();
      waiting.set(waiter);
      return waiter;
    }

    void unregister(CompletableFuture<Void> waiter) {
      waiting.compareAndSet(waiter, null);
    }
  }

  private final BoundedSourceQueue<T> queue;
  private final CompletableFuture<Done> done;
  private final Room room;
  // The last send that had to wait; a later send goes after it. Touched by the producer only.
  private CompletableFuture<SendResult<T>> waiting;

  private Channel(Pair<BoundedSourceQueue<T>, CompletionStage<Done>> materialized, Room room) {
    this.queue = materialized.first();
    this.done = Stages.plain(materialized.second());
    this.room = room;
    // A consumer that goes away must not leave a send waiting for room forever: wake it, and its
    // next offer sees the stream ended.
    done.whenComplete((ignored, failure) -> room.wake());
  }

  /**
   * Sends {@code value}: an already completed stage when there was room, else one that completes
   * when there is, with {@link Sent}, or with {@link Rejected} if the channel was closed first.
   */
  public CompletionStage<SendResult<T>> send(T value) {
    if (waiting != null && !waiting.isDone()) {
      waiting = waiting.thenCompose(previous -> offer(value));
      return waiting;
    }
    CompletableFuture<SendResult<T>> sent = offer(value);
    if (!sent.isDone()) {
      waiting = sent;
    }
    return sent;
  }

  @SuppressWarnings("unchecked")
  private CompletableFuture<SendResult<T>> offer(T value) {
    QueueOfferResult result = queue.offer(value);
    if (result == QueueOfferResult.enqueued()) {
      return (CompletableFuture<SendResult<T>>) (CompletableFuture<?>) SENT;
    }
    if (result != QueueOfferResult.dropped() || done.isDone()) {
      return CompletableFuture.completedFuture(new Rejected<>(value, describe(result)));
    }
    // Full: wait for room, then offer again. Offering once more after registering closes the race
    // with a consumer that took a value between the first offer and the registration.
    CompletableFuture<Void> signalled = room.register();
    QueueOfferResult again = queue.offer(value);
    if (again == QueueOfferResult.enqueued()) {
      room.unregister(signalled);
      return (CompletableFuture<SendResult<T>>) (CompletableFuture<?>) SENT;
    }
    if (again != QueueOfferResult.dropped() || done.isDone()) {
      return CompletableFuture.completedFuture(new Rejected<>(value, describe(again)));
    }
    return signalled.thenCompose(ignored -> offer(value));
  }

  /** Closes the channel: the consumer gets what is buffered, then the end of the stream. */
  public void close() {
    queue.complete();
  }

  /** Completes when the stream ends: closed and drained, or cancelled by the consumer. */
  public CompletionStage<Done> whenDone() {
    return done;
  }

  private static String describe(QueueOfferResult result) {
    if (result instanceof QueueOfferResult.Failure failure) {
      Throwable cause = failure.cause();
      return "channel failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
    return "channel closed";
  }
}
