package actors.backpressure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Makes load shedding visible: counts every message that could not be delivered, per recipient, and
 * logs the counts.
 *
 * <p>A typed actor spawned with {@code MailboxSelector.bounded(n)} does not slow its senders down
 * when its mailbox is full: {@code tell} never blocks, and the message goes to dead letters. That
 * is load shedding, not backpressure. It is the right choice when fresh data beats complete data
 * (metrics, telemetry, a UI refresh) and the sender must never wait; it is the wrong one when every
 * message matters, where demand is needed instead (a stream, or {@link WindowedProducer}'s window).
 * Either way nothing may vanish silently: this actor subscribes to {@link DeadLetter}s on the event
 * stream, keeps a count per recipient and message type (a full bounded mailbox, or a recipient that
 * had stopped), answers {@link GetDrops}, and logs a warning with the new counts at most once per
 * {@code logInterval}, only when something was dropped.
 */
public final class DropCounter extends AbstractBehavior<DropCounter.Command> {

  /** The counter's protocol. */
  public sealed interface Command {}

  /** Replies with the number of messages of {@code type} to {@code recipient} dropped so far. */
  public record GetDrops(ActorRef<?> recipient, Class<?> type, ActorRef<Long> replyTo)
      implements Command {}

  /** Replies once the counter is subscribed: drops from then on are counted. */
  public record AwaitSubscribed(ActorRef<Done> replyTo) implements Command {}

  private record Dropped(DeadLetter deadLetter) implements Command {}

  /**
   * Published after subscribing; the event stream keeps order, so its arrival proves the
   * subscription.
   */
  private enum SubscriptionCheck {
    INSTANCE
  }

  private enum LogNow implements Command {
    INSTANCE
  }

  /** A counter that logs new drops at most once per {@code logInterval}. */
  public static Behavior<Command> create(Duration logInterval) {
    return Behaviors.setup(
        context -> Behaviors.withTimers(timers -> new DropCounter(context, timers, logInterval)));
  }

  private final TimerScheduler<Command> timers;
  private final Duration logInterval;
  private final Map<String, Map<Class<?>, Long>> drops = new HashMap<>();
  private final List<ActorRef<Done>> awaitingSubscription = new ArrayList<>();
  private boolean subscribed;
  private long unlogged;

  private DropCounter(
      ActorContext<Command> context, TimerScheduler<Command> timers, Duration logInterval) {
    super(context);
    this.timers = timers;
    this.logInterval = logInterval;
    ActorRef<DeadLetter> subscriber = context.messageAdapter(DeadLetter.class, Dropped::new);
    context
        .getSystem()
        .eventStream()
        .tell(new EventStream.Subscribe<>(DeadLetter.class, subscriber));
    var self = Adapter.toClassic(context.getSelf());
    context
        .getSystem()
        .eventStream()
        .tell(new EventStream.Publish<>(new DeadLetter(SubscriptionCheck.INSTANCE, self, self)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Dropped.class, this::onDropped)
        .onMessage(GetDrops.class, this::onGetDrops)
        .onMessage(AwaitSubscribed.class, this::onAwaitSubscribed)
        .onMessageEquals(LogNow.INSTANCE, this::onLogNow)
        .build();
  }

  private Behavior<Command> onAwaitSubscribed(AwaitSubscribed await) {
    if (subscribed) {
      await.replyTo().tell(Done.getInstance());
    } else {
      awaitingSubscription.add(await.replyTo());
    }
    return this;
  }

  private Behavior<Command> onDropped(Dropped dropped) {
    DeadLetter letter = dropped.deadLetter();
    if (letter.message() == SubscriptionCheck.INSTANCE) {
      subscribed = true;
      awaitingSubscription.forEach(waiting -> waiting.tell(Done.getInstance()));
      awaitingSubscription.clear();
      return this;
    }
    drops
        .computeIfAbsent(letter.recipient().path().toString(), path -> new HashMap<>())
        .merge(letter.message().getClass(), 1L, Long::sum);
    if (unlogged++ == 0) {
      timers.startSingleTimer(LogNow.INSTANCE, logInterval);
    }
    return this;
  }

  private Behavior<Command> onGetDrops(GetDrops get) {
    long count =
        drops.getOrDefault(get.recipient().path().toString(), Map.of()).entrySet().stream()
            .filter(entry -> get.type().isAssignableFrom(entry.getKey()))
            .mapToLong(Map.Entry::getValue)
            .sum();
    get.replyTo().tell(count);
    return this;
  }

  private Behavior<Command> onLogNow() {
    getContext()
        .getLog()
        .warn(
            "{} message(s) dropped in the last {} ms; totals so far: {}",
            unlogged,
            logInterval.toMillis(),
            totals());
    unlogged = 0;
    return this;
  }

  /** {@code pekko://app/user/tally: Item=78311 Get=1}, recipients separated by semicolons. */
  private String totals() {
    StringBuilder text = new StringBuilder();
    drops.forEach(
        (recipient, byType) -> {
          text.append(text.length() == 0 ? "" : "; ").append(recipient).append(':');
          byType.forEach(
              (type, count) ->
                  text.append(' ').append(type.getSimpleName()).append('=').append(count));
        });
    return text.toString();
  }
}
