package actors.select;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Go's {@code select} over two channels, a send and a timeout, as an actor.
 *
 * <p>Owns what is ready: values that arrived ({@link Received}) and sends that completed ({@link
 * Send}), in arrival order, until somebody selects them. A {@link Select} takes the oldest ready
 * event at once, or waits for the next one, or for its own timeout, whichever comes first: exactly
 * one of them answers. The loser is never lost: a value that arrives after a timeout waits for the
 * next select, and a send that completes after its select gave up is reported to the next one. The
 * loser is never left running: the winning event cancels the waiter's timer (Pekko's timers never
 * deliver a cancelled timer's message).
 *
 * <p>Several callers may wait at once (Go lets several goroutines select on the same channels);
 * each ready event goes to exactly one of them, the longest waiting. {@link TrySelect} is
 * crossbeam's {@code default}: it answers at once, with {@link Kind#NOTHING_READY} if nothing is.
 *
 * <p>Overload: ready events wait in an actor-local queue that, like the mailbox, is unbounded; put
 * a bounded {@code Channel} in front of producers that could outrun every select.
 */
public final class Selector extends AbstractBehavior<Selector.Command> {

  /** The selector's protocol. */
  public sealed interface Command {}

  /** A value arrived on {@code channel}: Go's {@code case v := <-ch1}. */
  public record Received(String channel, int value) implements Command {}

  /**
   * A send of {@code value} to {@code channel} is under way; it is ready when {@code completion}
   * completes: Go's {@code case ch2 <- 42}. A failed completion is reported as {@link
   * Kind#SEND_FAILED}, the value handed back.
   */
  public record Send(String channel, int value, CompletionStage<?> completion) implements Command {}

  /** Wait up to {@code timeout} for the first ready event. */
  public record Select(Duration timeout, ActorRef<Selected> replyTo) implements Command {}

  /** Take a ready event if there is one, without waiting. */
  public record TrySelect(ActorRef<Selected> replyTo) implements Command {}

  private record SendDone(Send send, Throwable failure) implements Command {}

  private record TimedOut(long waiter) implements Command {}

  /** Which branch of the select won. */
  public enum Kind {
    RECEIVED,
    SENT,
    SEND_FAILED,
    TIMEOUT,
    NOTHING_READY
  }

  /** The outcome of one select: the branch, and its channel and value where it has them. */
  public record Selected(Kind kind, String channel, int value) {
    static final Selected TIMEOUT = new Selected(Kind.TIMEOUT, "", 0);
    static final Selected NOTHING_READY = new Selected(Kind.NOTHING_READY, "", 0);

    /**
     * As a Go or Rust select loop would print it: {@code received 7 from ch1}, {@code sent}, {@code
     * timeout}.
     */
    @Override
    public String toString() {
      return switch (kind) {
        case RECEIVED -> "received " + value + " from " + channel;
        case SENT -> "sent " + value + " to " + channel;
        case SEND_FAILED -> "send of " + value + " to " + channel + " failed";
        case TIMEOUT -> "timeout";
        case NOTHING_READY -> "no ready channel";
      };
    }
  }

  /** A selector with nothing ready and nobody waiting. */
  public static Behavior<Command> create() {
    return Behaviors.setup(
        context -> Behaviors.withTimers(timers -> new Selector(context, timers)));
  }

  private final TimerScheduler<Command> timers;
  private final Deque<Selected> ready = new ArrayDeque<>();
  private final Map<Long, ActorRef<Selected>> waiting = new LinkedHashMap<>();
  private long nextWaiter;

  private Selector(ActorContext<Command> context, TimerScheduler<Command> timers) {
    super(context);
    this.timers = timers;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Received.class, this::onReceived)
        .onMessage(Send.class, this::onSend)
        .onMessage(SendDone.class, this::onSendDone)
        .onMessage(Select.class, this::onSelect)
        .onMessage(TrySelect.class, this::onTrySelect)
        .onMessage(TimedOut.class, this::onTimedOut)
        .build();
  }

  private Behavior<Command> onReceived(Received received) {
    return offer(new Selected(Kind.RECEIVED, received.channel(), received.value()));
  }

  private Behavior<Command> onSend(Send send) {
    getContext().pipeToSelf(send.completion(), (ignored, failure) -> new SendDone(send, failure));
    return this;
  }

  private Behavior<Command> onSendDone(SendDone done) {
    Kind kind = done.failure() == null ? Kind.SENT : Kind.SEND_FAILED;
    return offer(new Selected(kind, done.send().channel(), done.send().value()));
  }

  private Behavior<Command> onSelect(Select select) {
    if (!ready.isEmpty()) {
      select.replyTo().tell(ready.poll());
      return this;
    }
    long waiter = nextWaiter++;
    waiting.put(waiter, select.replyTo());
    timers.startSingleTimer(waiter, new TimedOut(waiter), select.timeout());
    return this;
  }

  private Behavior<Command> onTrySelect(TrySelect trySelect) {
    trySelect.replyTo().tell(ready.isEmpty() ? Selected.NOTHING_READY : ready.poll());
    return this;
  }

  private Behavior<Command> onTimedOut(TimedOut timedOut) {
    ActorRef<Selected> waiter = waiting.remove(timedOut.waiter());
    if (waiter != null) {
      waiter.tell(Selected.TIMEOUT);
    }
    return this;
  }

  /** Hands {@code event} to the longest-waiting select, or keeps it for the next one. */
  private Behavior<Command> offer(Selected event) {
    var oldest = waiting.entrySet().iterator();
    if (oldest.hasNext()) {
      var waiter = oldest.next();
      oldest.remove();
      timers.cancel(waiter.getKey());
      waiter.getValue().tell(event);
    } else {
      ready.add(event);
    }
    return this;
  }
}
