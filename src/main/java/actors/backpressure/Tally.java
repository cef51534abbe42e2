package actors.backpressure;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Counts the items it receives: the receiving end of a flood. Spawned with {@code
 * MailboxSelector.bounded(n)}, whatever does not fit its mailbox is dropped to dead letters before
 * it ever gets here; a {@link DropCounter} counts those.
 */
public final class Tally extends AbstractBehavior<Tally.Command> {

  /** The tally's protocol. */
  public sealed interface Command {}

  /** One item of the flood. */
  public enum Item implements Command {
    INSTANCE
  }

  /** Replies with the number of items received so far. */
  public record Get(ActorRef<Long> replyTo) implements Command {}

  /** A tally at zero. */
  public static Behavior<Command> create() {
    return Behaviors.setup(Tally::new);
  }

  private long received;

  private Tally(ActorContext<Command> context) {
    super(context);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Item.INSTANCE, this::onItem)
        .onMessage(Get.class, this::onGet)
        .build();
  }

  private Behavior<Command> onItem() {
    received++;
    return this;
  }

  private Behavior<Command> onGet(Get get) {
    get.replyTo().tell(received);
    return this;
  }
}
