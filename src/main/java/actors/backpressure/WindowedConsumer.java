package actors.backpressure;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.delivery.ConsumerController;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The consumer side of {@link WindowedProducer}: takes one job at a time from its {@link
 * ConsumerController}, works on it for {@code workTime} (a timer, standing in for real work that
 * must not block the actor), reports it and confirms it. The confirmation is the demand: the
 * controller delivers the next job only after it, and re-opens the producer's window as jobs are
 * confirmed.
 */
public final class WindowedConsumer extends AbstractBehavior<WindowedConsumer.Command> {

  /** Deliveries from the controller and the end of each job's work. */
  public sealed interface Command {}

  private record WrappedDelivery(ConsumerController.Delivery<Integer> delivery)
      implements Command {}

  private record WorkDone(ConsumerController.Delivery<Integer> delivery) implements Command {}

  /** A consumer of {@code controller}'s jobs, reporting each finished job to {@code processed}. */
  public static Behavior<Command> create(
      ActorRef<ConsumerController.Command<Integer>> controller,
      Duration workTime,
      ActorRef<Integer> processed) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new WindowedConsumer(context, timers, controller, workTime, processed)));
  }

  private final TimerScheduler<Command> timers;
  private final Duration workTime;
  private final ActorRef<Integer> processed;

  private WindowedConsumer(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      ActorRef<ConsumerController.Command<Integer>> controller,
      Duration workTime,
      ActorRef<Integer> processed) {
    super(context);
    this.timers = timers;
    this.workTime = workTime;
    this.processed = processed;
    ActorRef<ConsumerController.Delivery<Integer>> deliveries =
        context.messageAdapter(ConsumerController.deliveryClass(), WrappedDelivery::new);
    controller.tell(new ConsumerController.Start<>(deliveries));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(WrappedDelivery.class, this::onDelivery)
        .onMessage(WorkDone.class, this::onWorkDone)
        .build();
  }

  private Behavior<Command> onDelivery(WrappedDelivery wrapped) {
    if (workTime.isZero()) {
      return onWorkDone(new WorkDone(wrapped.delivery()));
    }
    timers.startSingleTimer(new WorkDone(wrapped.delivery()), workTime);
    return this;
  }

  private Behavior<Command> onWorkDone(WorkDone done) {
    processed.tell(done.delivery().message());
    done.delivery().confirmTo().tell(ConsumerController.confirmed());
    return this;
  }
}
