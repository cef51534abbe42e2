package actors.backpressure;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.delivery.ProducerController;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Backpressure between actors: a producer that sends only what its consumer asked for.
 *
 * <p>Built on Pekko's reliable delivery ({@link ProducerController} and {@code
 * ConsumerController}): the consumer side grants a window of messages ({@code
 * pekko.reliable-delivery.consumer-controller.flow-control-window}) and the producer controller
 * asks this actor for the next job ({@link ProducerController.RequestNext}) only while the window
 * is open. This actor sends exactly one job per request, so the jobs sent but not confirmed never
 * exceed the window, however slow the consumer, and nothing is ever dropped: the tokio {@code
 * mpsc::channel(n)} of actors. Ordering: jobs arrive in order; delivery is at-least-once if the
 * consumer restarts.
 *
 * <p>Sends {@code jobs} numbered jobs, then reports {@link Finished} with the largest lead it saw
 * (current sequence number minus the highest one the consumer confirmed) and stops.
 */
public final class WindowedProducer extends AbstractBehavior<WindowedProducer.Command> {

  /** Only the producer controller's requests reach this actor. */
  public sealed interface Command {}

  private record WrappedRequestNext(ProducerController.RequestNext<Integer> next)
      implements Command {}

  /** All jobs were handed over; {@code maxLead} never exceeds the flow-control window. */
  public record Finished(int sent, long maxLead) {}

  /** A producer of {@code jobs} jobs through {@code controller}, reporting to {@code replyTo}. */
  public static Behavior<Command> create(
      ActorRef<ProducerController.Command<Integer>> controller,
      int jobs,
      ActorRef<Finished> replyTo) {
    return Behaviors.setup(context -> new WindowedProducer(context, controller, jobs, replyTo));
  }

  private final int jobs;
  private final ActorRef<Finished> replyTo;
  private int sent;
  private long maxLead;

  private WindowedProducer(
      ActorContext<Command> context,
      ActorRef<ProducerController.Command<Integer>> controller,
      int jobs,
      ActorRef<Finished> replyTo) {
    super(context);
    this.jobs = jobs;
    this.replyTo = replyTo;
    ActorRef<ProducerController.RequestNext<Integer>> requests =
        context.messageAdapter(ProducerController.requestNextClass(), WrappedRequestNext::new);
    controller.tell(new ProducerController.Start<>(requests));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(WrappedRequestNext.class, this::onRequestNext).build();
  }

  private Behavior<Command> onRequestNext(WrappedRequestNext request) {
    ProducerController.RequestNext<Integer> next = request.next();
    maxLead = Math.max(maxLead, next.currentSeqNr() - next.confirmedSeqNr() - 1);
    if (sent == jobs) {
      replyTo.tell(new Finished(sent, maxLead));
      return Behaviors.stopped();
    }
    next.sendNextTo().tell(sent++);
    return this;
  }
}
