package actors.counter;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.StatusReply;

/**
 * Rust's {@code Arc<Mutex<i32>>} counter (Go's {@code sync.Mutex} around {@code count++}) as an
 * actor: the count is a plain field that only this actor touches, one message at a time, so no
 * mutual exclusion is needed and no increment is lost. (No lock in this file: the Go and Rust
 * constructs below are named in comments only, for comparison.)
 *
 * <p>Ordering: messages from one sender are handled in the order sent, so a {@link Get} sent after
 * a sender's increments sees all of them. Messages from different senders interleave.
 *
 * <p>Failure: an increment that would overflow a {@code long} throws {@link OverflowException}
 * before the count changes, so the state is never half-updated. What happens next is the
 * supervisor's choice, the actor analogue of mutex poisoning: {@link #resumingOnOverflow()} keeps
 * the count and serves the next message, {@link #restartingOnOverflow()} starts again from zero,
 * and unsupervised ({@link #create()}) the counter stops, like a mutex that stays poisoned forever.
 * A caller that used {@link Add} is told of its failure with a {@link StatusReply#error} before the
 * supervisor acts, as a poisoned Rust mutex answers with {@code Err}.
 */
public final class Counter extends AbstractBehavior<Counter.Command> {

  /** The counter's protocol. */
  public sealed interface Command {}

  /**
   * Adds {@code delta}, no reply: what Go and Rust do holding the mutex ({@code count++} between
   * taking and releasing it).
   */
  public record Increment(long delta) implements Command {}

  /** Adds {@code delta} and replies with the new count, or with an error if it would overflow. */
  public record Add(long delta, ActorRef<StatusReply<Long>> replyTo) implements Command {}

  /** Replies with the current count. */
  public record Get(ActorRef<Long> replyTo) implements Command {}

  /** Thrown, and the count left unchanged, when an increment would overflow a {@code long}. */
  public static final class OverflowException extends ArithmeticException {
    OverflowException(long count, long delta) {
      super("increment rejected: " + count + " + " + delta + " overflows a long");
    }
  }

  /** A counter starting at zero, with Pekko's default supervision: it stops on a failure. */
  public static Behavior<Command> create() {
    return Behaviors.setup(Counter::new);
  }

  /**
   * A counter that keeps its count after a failed increment (the count was never touched). An
   * overflow is the caller's mistake, not the counter's: the counter logs it as one warning line,
   * with no stack trace, so the supervisor's own log is off.
   */
  public static Behavior<Command> resumingOnOverflow() {
    return Behaviors.supervise(create())
        .onFailure(OverflowException.class, SupervisorStrategy.resume().withLoggingEnabled(false));
  }

  /**
   * A counter that starts again from zero after a failed increment. The limit stops a counter that
   * keeps failing, rather than resetting it forever.
   */
  public static Behavior<Command> restartingOnOverflow() {
    return Behaviors.supervise(create())
        .onFailure(
            OverflowException.class,
            SupervisorStrategy.restart()
                .withLimit(10, Duration.ofMinutes(1))
                .withLoggingEnabled(false));
  }

  private long count;

  private Counter(ActorContext<Command> context) {
    super(context);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Increment.class, this::onIncrement)
        .onMessage(Add.class, this::onAdd)
        .onMessage(Get.class, this::onGet)
        .build();
  }

  private Behavior<Command> onIncrement(Increment increment) {
    count = plus(increment.delta());
    return this;
  }

  private Behavior<Command> onAdd(Add add) {
    try {
      count = plus(add.delta());
    } catch (OverflowException e) {
      add.replyTo().tell(StatusReply.error(e.getMessage()));
      throw e;
    }
    add.replyTo().tell(StatusReply.success(count));
    return this;
  }

  private Behavior<Command> onGet(Get get) {
    get.replyTo().tell(count);
    return this;
  }

  private long plus(long delta) {
    try {
      return Math.addExact(count, delta);
    } catch (ArithmeticException e) {
      OverflowException overflow = new OverflowException(count, delta);
      getContext().getLog().warn(overflow.getMessage());
      throw overflow;
    }
  }
}
