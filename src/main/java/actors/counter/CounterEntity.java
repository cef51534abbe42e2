package actors.counter;

import actors.support.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One named counter of {@code actors serve}, durable: the {@link Counter} of the patterns, made to
 * survive a restart and a {@code kill -9}. Event sourced: each write is an {@link Incremented}
 * event in the journal, and recovery replays them from the latest snapshot (one every {@value
 * #SNAPSHOT_EVERY} events), so a counter recovers in a bounded time however old it is. Event
 * sourcing rather than durable state because the JDBC journal writes the events of many entities in
 * one batch, which the durable-state store does not (docs/BENCHMARKS.md, "Issue #12").
 *
 * <p>Group commit: an increment is not written on its own. It joins a batch and the entity sends
 * itself a {@link Flush}; increments already in the mailbox, or arriving while the previous batch
 * is being written (Pekko stashes them until the write ends), join the next batch. One event holds
 * a batch's sum, and only once it is written does every increment of the batch get its answer, each
 * with the value just after it. So an answered increment is in the journal, and one that was not
 * answered (a failed write: the entity restarts and recovers) is not: never lost, never twice.
 *
 * <p>An increment that would overflow a {@code long} is refused with an error reply, and the value
 * is kept (the pattern's {@code Counter} throws and its supervisor resumes; a persistent actor is
 * not made to throw, because its restart is a replay of the journal). A {@link Get} answers the
 * written value: a batch not yet written is not in it.
 */
public final class CounterEntity {

  private CounterEntity() {}

  /** The protocol of a counter entity, durable or in memory. */
  public sealed interface Command extends CborSerializable {}

  /** Adds {@code by}; the reply is the value just after it, or an error if it would overflow. */
  public record Increment(long by, ActorRef<StatusReply<Long>> replyTo) implements Command {}

  /** Replies with the value. */
  public record Get(ActorRef<Long> replyTo) implements Command {}

  /**
   * Stops the entity (Cluster Sharding sends it before a shard moves to another node): a batch
   * being gathered is written and answered first, so that no increment is left unanswered.
   */
  public enum Passivate implements Command {
    INSTANCE
  }

  /** Writes the batch: sent by the entity to itself. */
  private enum Flush implements Command {
    INSTANCE
  }

  /** A batch of increments, as written to the journal. */
  public record Incremented(long delta, int increments) implements CborSerializable {}

  /** The value, as recovered and as snapshotted. */
  public record State(long value) implements CborSerializable {}

  static final int SNAPSHOT_EVERY = 1000;

  /** Counters on a cluster: one sharded entity per name (the entity id). */
  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "counter");

  /** The journal's id of the counter named {@code name}. */
  public static PersistenceId persistenceId(String name) {
    return PersistenceId.of("counter", name);
  }

  /** The durable counter named {@code name}. */
  public static Behavior<Command> durable(String name) {
    return durable(persistenceId(name));
  }

  /** A durable counter under another journal id: a count the service keeps for itself. */
  public static Behavior<Command> durable(PersistenceId id) {
    return Behaviors.setup(context -> new Durable(context, id));
  }

  /**
   * A counter in memory only ({@code actors.serve.counters.durable = off}): the pattern's counter
   * as it is, answered at once; lost when the process stops.
   */
  public static Behavior<Command> inMemory() {
    return Behaviors.supervise(InMemory.create())
        .onFailure(
            Counter.OverflowException.class, SupervisorStrategy.resume().withLoggingEnabled(false));
  }

  /** The in-memory counter: the pattern's, answering with the value after each increment. */
  private static final class InMemory extends AbstractBehavior<Command> {
    private long value;

    static Behavior<Command> create() {
      return Behaviors.setup(InMemory::new);
    }

    private InMemory(ActorContext<Command> context) {
      super(context);
    }

    @Override
    public Receive<Command> createReceive() {
      return newReceiveBuilder()
          .onMessage(Increment.class, this::onIncrement)
          .onMessage(Get.class, this::onGet)
          .onMessageEquals(Passivate.INSTANCE, Behaviors::stopped)
          .build();
    }

    private Behavior<Command> onIncrement(Increment increment) {
      try {
        value = Math.addExact(value, increment.by());
      } catch (ArithmeticException e) {
        Counter.OverflowException refused = new Counter.OverflowException(value, increment.by());
        increment.replyTo().tell(StatusReply.error(refused.getMessage()));
        throw refused; // the supervisor resumes: the value is kept, as in the demo
      }
      increment.replyTo().tell(StatusReply.success(value));
      return this;
    }

    private Behavior<Command> onGet(Get get) {
      get.replyTo().tell(value);
      return this;
    }
  }

  private record Pending(long by, ActorRef<StatusReply<Long>> replyTo) {}

  private static final class Durable extends EventSourcedBehavior<Command, Incremented, State> {
    private final ActorContext<Command> context;
    // The batch being gathered: touched only by this entity's handlers, one message at a time.
    private List<Pending> batch = new ArrayList<>();
    private long batchSum;

    Durable(ActorContext<Command> context, PersistenceId id) {
      super(
          id,
          // A failed write (the database down, a timeout): its increments were not answered, and
          // the entity recovers from the journal and tries again later rather than stop for good.
          SupervisorStrategy.restartWithBackoff(
              Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
      this.context = context;
    }

    @Override
    public State emptyState() {
      return new State(0);
    }

    @Override
    public CommandHandler<Command, Incremented, State> commandHandler() {
      return newCommandHandlerBuilder()
          .forAnyState()
          .onCommand(Increment.class, this::onIncrement)
          .onCommand(Flush.class, this::onFlush)
          .onCommand(Passivate.class, this::onPassivate)
          .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), state.value()))
          .build();
    }

    private Effect<Incremented, State> onIncrement(State state, Increment increment) {
      long pendingValue = state.value() + batchSum; // checked when each increment joined
      long after;
      try {
        after = Math.addExact(pendingValue, increment.by());
      } catch (ArithmeticException overflow) {
        return Effect()
            .reply(
                increment.replyTo(),
                StatusReply.error(
                    new Counter.OverflowException(pendingValue, increment.by()).getMessage()));
      }
      if (batch.isEmpty()) {
        context.getSelf().tell(Flush.INSTANCE);
      }
      batch.add(new Pending(increment.by(), increment.replyTo()));
      batchSum = after - state.value();
      return Effect().none();
    }

    private Effect<Incremented, State> onFlush(State state, Flush flush) {
      return batch.isEmpty() ? Effect().none() : writeBatch(state);
    }

    private Effect<Incremented, State> onPassivate(State state, Passivate passivate) {
      return batch.isEmpty() ? Effect().stop() : writeBatch(state).thenStop();
    }

    /** One event for the batch; once written, each of its increments is answered. */
    private EffectBuilder<Incremented, State> writeBatch(State state) {
      List<Pending> written = batch;
      long base = state.value();
      Incremented event = new Incremented(batchSum, written.size());
      batch = new ArrayList<>();
      batchSum = 0;
      return Effect().persist(event).thenRun(after -> answer(written, base));
    }

    private static void answer(List<Pending> written, long base) {
      long value = base;
      for (Pending pending : written) {
        value += pending.by();
        pending.replyTo().tell(StatusReply.success(value));
      }
    }

    @Override
    public EventHandler<State, Incremented> eventHandler() {
      return newEventHandlerBuilder()
          .forAnyState()
          .onEvent(Incremented.class, (state, event) -> new State(state.value() + event.delta()))
          .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
      return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2);
    }
  }
}
