package actors.channels;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A producer task (a goroutine writing to a channel, a Rust thread owning a {@code tx}): sends
 * {@code from..to} to a consumer actor, then stops. The consumer's mailbox is the channel:
 * unbounded, many senders, one receiver, each sender's values in the order sent. Nothing tells the
 * consumer that producers are done: watch them (a {@code JoinGroup}) or send an end marker; when
 * the end must be part of the data, use a stream.
 */
public final class Producer {

  private Producer() {}

  /** Sends {@code from} to {@code to}, inclusive, to {@code consumer} when started. */
  public static Behavior<Void> create(ActorRef<Integer> consumer, int from, int to) {
    return Behaviors.setup(
        context -> {
          for (int value = from; value <= to; value++) {
            consumer.tell(value);
          }
          return Behaviors.stopped();
        });
  }
}
