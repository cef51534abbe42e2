package actors.counter;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One of four incrementing threads (goroutines): sends {@code increments} increments of 1 to a
 * {@link Counter}, then stops.
 *
 * <p>It sends a window of increments, then a {@link Counter.Get}; the counter's reply proves every
 * increment before it was applied (one sender's messages stay in order). Only then does it send the
 * next window. So the counter's mailbox never holds more than one window per worker, however many
 * increments there are, and when the worker stops all its increments are in the count: a {@code
 * JoinGroup} over the workers is the {@code join()} loop (Go's {@code wg.Wait()}), and a {@code
 * Get} after it sees the exact total.
 */
public final class CounterWorker extends AbstractBehavior<CounterWorker.Command> {

  /** Only the counter's replies reach a worker. */
  public sealed interface Command {}

  private record Confirmed(long count) implements Command {}

  private static final Counter.Increment ONE = new Counter.Increment(1);

  /**
   * A worker that adds 1 to {@code counter} {@code increments} times, one message each, at most
   * {@code window} of them unconfirmed at once, and stops when all are confirmed.
   */
  public static Behavior<Command> create(
      ActorRef<Counter.Command> counter, long increments, int window) {
    return batching(counter, increments, 1, window);
  }

  /**
   * A worker that counts {@code increments} locally and sends them {@code batch} at a time, one
   * {@link Counter.Increment} of {@code batch} per message: what a Go or Rust user does to take the
   * lock less often, and what makes an actor counter as fast as an atomic one (see
   * docs/BENCHMARKS.md). At most {@code window} messages are unconfirmed at once.
   */
  public static Behavior<Command> batching(
      ActorRef<Counter.Command> counter, long increments, int batch, int window) {
    if (increments < 0 || batch < 1 || window < 1) {
      throw new IllegalArgumentException(
          "increments must be >= 0, batch and window >= 1, got "
              + increments
              + ", "
              + batch
              + " and "
              + window);
    }
    return Behaviors.setup(
        context -> new CounterWorker(context, counter, increments, batch, window));
  }

  private final ActorRef<Counter.Command> counter;
  private final ActorRef<Long> confirmations;
  private final int window;
  private final int batch;
  private long remaining;

  private CounterWorker(
      ActorContext<Command> context,
      ActorRef<Counter.Command> counter,
      long increments,
      int batch,
      int window) {
    super(context);
    this.batch = batch;
    this.counter = counter;
    this.confirmations = context.messageAdapter(Long.class, Confirmed::new);
    this.window = window;
    this.remaining = increments;
    sendWindow();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Confirmed.class, this::onConfirmed).build();
  }

  private Behavior<Command> onConfirmed(Confirmed confirmed) {
    if (remaining == 0) {
      return Behaviors.stopped();
    }
    sendWindow();
    return this;
  }

  private void sendWindow() {
    for (int i = 0; i < window && remaining > 0; i++) {
      if (batch == 1) {
        counter.tell(ONE);
        remaining--;
      } else {
        counter.tell(new Counter.Increment(countLocally(Math.min(batch, remaining))));
      }
    }
    counter.tell(new Counter.Get(confirmations));
  }

  /** {@code count++} on a local variable nobody else sees: no lock, no message. */
  private long countLocally(long increments) {
    long local = 0;
    for (long i = 0; i < increments; i++) {
      local++;
    }
    remaining -= local;
    return local;
  }
}
