package actors.cache;

import java.time.Duration;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A short-lived child that asks every partition the same question, combines the answers, replies
 * once and stops (the shape of Pekko's {@code DeviceGroupQuery}). The partitioned cache stays free
 * for other messages meanwhile.
 *
 * <p>Timeout: if some partition has not answered within {@code timeout}, nothing is sent (a partial
 * sum would be a wrong answer, not a smaller one), a warning is logged, and the caller's own ask
 * timeout reports it.
 */
final class Gather<R> extends AbstractBehavior<Gather.Message> {

  sealed interface Message {}

  private record Answer(Object value) implements Message {}

  private enum Timeout implements Message {
    INSTANCE
  }

  static <R> Behavior<Message> create(
      Class<R> type,
      List<ActorRef<Cache.Command>> partitions,
      Function<ActorRef<R>, Cache.Command> question,
      BinaryOperator<R> combine,
      ActorRef<R> replyTo,
      Duration timeout) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startSingleTimer(Timeout.INSTANCE, timeout);
                  ActorRef<R> answers = context.messageAdapter(type, Answer::new);
                  for (ActorRef<Cache.Command> partition : partitions) {
                    partition.tell(question.apply(answers));
                  }
                  return new Gather<>(context, type, partitions.size(), combine, replyTo);
                }));
  }

  private final Class<R> type;
  private final BinaryOperator<R> combine;
  private final ActorRef<R> replyTo;
  private int missing;
  private R combined;

  private Gather(
      ActorContext<Message> context,
      Class<R> type,
      int expected,
      BinaryOperator<R> combine,
      ActorRef<R> replyTo) {
    super(context);
    this.type = type;
    this.missing = expected;
    this.combine = combine;
    this.replyTo = replyTo;
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(Answer.class, this::onAnswer)
        .onMessageEquals(Timeout.INSTANCE, this::onTimeout)
        .build();
  }

  private Behavior<Message> onAnswer(Answer answer) {
    R value = type.cast(answer.value());
    combined = combined == null ? value : combine.apply(combined, value);
    if (--missing == 0) {
      replyTo.tell(combined);
      return Behaviors.stopped();
    }
    return this;
  }

  private Behavior<Message> onTimeout() {
    getContext().getLog().warn("{} partition(s) did not answer; no reply sent", missing);
    return Behaviors.stopped();
  }
}
