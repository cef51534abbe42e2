package actors.cancel;

import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSink;

/**
 * Cancellation with a deadline (Go's {@code context.WithTimeout}, Rust's {@code CancellationToken}
 * and {@code tokio::time::timeout}): a consumer with a deadline that, when the deadline passes,
 * cancels its producer through a token. Here the token is a {@link UniqueKillSwitch}.
 *
 * <p>Owns the producer's stream: it runs it on start, with a kill switch between producer and
 * itself, and receives elements with backpressure (one at a time, acknowledged: {@link
 * ActorSink#actorRefWithBackpressure}), like a Go channel or Rust {@code mpsc} of capacity 1. Each
 * element is reported as {@link Received}. When the deadline timer fires it reports {@link
 * DeadlinePassed} and shuts the kill switch: the producer is cancelled at once, wherever it is in
 * its wait, and the stream completes. The consumer reports {@link Ended} and stops when the stream
 * has completed, so nothing is left running. A producer that finishes before the deadline ends the
 * same way, and the timer dies with the actor. A failed producer is reported in {@link Ended}.
 */
public final class DeadlineConsumer extends AbstractBehavior<DeadlineConsumer.Command> {

  /** Messages from the stream and the timer: all private, nobody else sends to a consumer. */
  public sealed interface Command {}

  private record Started(ActorRef<Done> ack) implements Command {}

  private record Element(ActorRef<Done> ack, int value) implements Command {}

  private record StreamEnded(Throwable failure) implements Command {}

  private enum Deadline implements Command {
    INSTANCE
  }

  /** What the consumer tells the outside world. */
  public sealed interface Event {}

  /** The producer's stream is running (its timers are set); the deadline counts from creation. */
  public enum Running implements Event {
    INSTANCE
  }

  /** A value arrived: Rust's {@code println!("{v}")} in the receive loop. */
  public record Received(int value) implements Event {}

  /** The deadline passed: Rust's {@code println!("timeout"); token.cancel()}. */
  public record DeadlinePassed(Duration deadline) implements Event {}

  /** The producer's stream has stopped; {@code failure} is null unless it failed. */
  public record Ended(Throwable failure) implements Event {}

  /** A consumer that runs {@code producer} and cancels it after {@code deadline}. */
  public static Behavior<Command> create(
      Source<Integer, ?> producer, Duration deadline, ActorRef<Event> events) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new DeadlineConsumer(context, timers, producer, deadline, events)));
  }

  private final ActorRef<Event> events;
  private final Duration deadline;
  private final UniqueKillSwitch token;

  private DeadlineConsumer(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      Source<Integer, ?> producer,
      Duration deadline,
      ActorRef<Event> events) {
    super(context);
    this.events = events;
    this.deadline = deadline;
    this.token =
        producer
            .viaMat(KillSwitches.single(), Keep.right())
            .to(
                ActorSink.actorRefWithBackpressure(
                    context.getSelf(),
                    Element::new,
                    Started::new,
                    Done.getInstance(),
                    new StreamEnded(null),
                    StreamEnded::new))
            .run(context.getSystem());
    timers.startSingleTimer(Deadline.INSTANCE, deadline);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Started.class, this::onStarted)
        .onMessage(Element.class, this::onElement)
        .onMessageEquals(Deadline.INSTANCE, this::onDeadline)
        .onMessage(StreamEnded.class, this::onStreamEnded)
        .build();
  }

  private Behavior<Command> onStarted(Started started) {
    events.tell(Running.INSTANCE);
    started.ack().tell(Done.getInstance());
    return this;
  }

  private Behavior<Command> onElement(Element element) {
    events.tell(new Received(element.value()));
    element.ack().tell(Done.getInstance());
    return this;
  }

  private Behavior<Command> onDeadline() {
    events.tell(new DeadlinePassed(deadline));
    token.shutdown();
    return this;
  }

  private Behavior<Command> onStreamEnded(StreamEnded ended) {
    events.tell(new Ended(ended.failure()));
    return Behaviors.stopped();
  }
}
