package actors.cache;

import java.time.Duration;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.StatusReply;

/**
 * A short-lived child that asks every partition the same question, combines the answers, replies
 * once and stops (the shape of Pekko's {@code DeviceGroupQuery}). The partitioned cache stays free
 * for other messages meanwhile.
 *
 * <p>It always answers: with the combined value once every partition has; with an error reply
 * naming what is missing as soon as a partition turns out to have stopped (it watches those in this
 * process; a sharded one cannot be watched), or when {@code timeout} passes first. Never a partial
 * sum: that would be a wrong answer, not a smaller one.
 */
final class Gather<R> extends AbstractBehavior<Gather.Message> {

  sealed interface Message {}

  private record Answer(StatusReply<?> reply) implements Message {}

  private record PartitionStopped(int index) implements Message {}

  private enum Timeout implements Message {
    INSTANCE
  }

  static <R> Behavior<Message> create(
      String operation,
      Class<R> type,
      List<? extends RecipientRef<Cache.Command>> partitions,
      Function<ActorRef<StatusReply<R>>, Cache.Command> question,
      BinaryOperator<R> combine,
      ActorRef<StatusReply<R>> replyTo,
      Duration timeout) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startSingleTimer(Timeout.INSTANCE, timeout);
                  @SuppressWarnings({"unchecked", "rawtypes"})
                  ActorRef<StatusReply<R>> answers =
                      (ActorRef) context.messageAdapter(StatusReply.class, Answer::new);
                  for (int i = 0; i < partitions.size(); i++) {
                    if (partitions.get(i) instanceof ActorRef<Cache.Command> local) {
                      context.watchWith(local, new PartitionStopped(i));
                    }
                    partitions.get(i).tell(question.apply(answers));
                  }
                  return new Gather<>(
                      context, operation, type, partitions.size(), combine, replyTo, timeout);
                }));
  }

  private final String operation;
  private final Class<R> type;
  private final int partitions;
  private final BinaryOperator<R> combine;
  private final ActorRef<StatusReply<R>> replyTo;
  private final Duration timeout;
  private int missing;
  private R combined;

  private Gather(
      ActorContext<Message> context,
      String operation,
      Class<R> type,
      int partitions,
      BinaryOperator<R> combine,
      ActorRef<StatusReply<R>> replyTo,
      Duration timeout) {
    super(context);
    this.operation = operation;
    this.type = type;
    this.partitions = partitions;
    this.missing = partitions;
    this.combine = combine;
    this.replyTo = replyTo;
    this.timeout = timeout;
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(Answer.class, this::onAnswer)
        .onMessage(PartitionStopped.class, this::onPartitionStopped)
        .onMessageEquals(Timeout.INSTANCE, this::onTimeout)
        .build();
  }

  private Behavior<Message> onAnswer(Answer answer) {
    if (answer.reply().isError()) {
      return fail("a partition failed: " + answer.reply().getError().getMessage());
    }
    R value = type.cast(answer.reply().getValue());
    combined = combined == null ? value : combine.apply(combined, value);
    if (--missing == 0) {
      replyTo.tell(StatusReply.success(combined));
      return Behaviors.stopped();
    }
    return this;
  }

  private Behavior<Message> onPartitionStopped(PartitionStopped stopped) {
    return fail("partition " + stopped.index() + " has stopped");
  }

  private Behavior<Message> onTimeout() {
    return fail(
        missing
            + " of "
            + partitions
            + " partitions did not answer within "
            + timeout.toMillis()
            + " ms");
  }

  private Behavior<Message> fail(String why) {
    String message = "cache " + operation + ": " + why;
    getContext().getLog().warn(message);
    replyTo.tell(StatusReply.error(message));
    return Behaviors.stopped();
  }
}
