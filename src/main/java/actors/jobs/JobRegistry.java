package actors.jobs;

import actors.support.CborSerializable;
import actors.support.EntityDirectory;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Which jobs exist, in the order they were submitted, and which have not ended: the one place that
 * knows every job, so that {@code GET /jobs} can list them and a restart can wake the ones that
 * were queued or running. Event sourced ({@link Added}, {@link Removed}... two events per job) and
 * the parent of the job entities, which it reaches through an {@link EntityDirectory}: every
 * message for a job goes through it, and one for an id it does not know is answered here, without
 * starting an entity (a GET of a random id costs no actor and no journal read).
 *
 * <p>Order matters on submit: the registry writes {@link Added} before the job writes its own first
 * event, so a job that exists is always listed. A crash between the two leaves an id with no job
 * (the client got no 201 for it); the wake at the next start finds it empty and it is forgotten.
 */
public final class JobRegistry
    extends EventSourcedBehavior<JobRegistry.Command, JobRegistry.Event, JobRegistry.State> {

  public sealed interface Command extends CborSerializable {}

  /** Adds job {@code id} and creates it; the job replies. */
  public record Submit(String id, JobSpec spec, ActorRef<StatusReply<JobView>> replyTo)
      implements Command {}

  /** {@code command} for job {@code id}. */
  public record Forward(String id, JobEntity.Command command) implements Command {}

  /** Replies with every job's id, oldest first. */
  public record ListJobs(ActorRef<java.util.List<String>> replyTo) implements Command {}

  /** From a job: it has ended. */
  public record JobEnded(String id) implements Command {}

  /** From a job woken with no events: it was never created (a crash after {@link Added}). */
  public record Forget(String id) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record Added(String id) implements Event {}

  public record Removed(String id) implements Event {}

  public record Finished(String id) implements Event {}

  /** The ids, oldest first, and those not ended. Rebuilt from events; small per job. */
  public record State(List<String> ids, List<String> open) implements CborSerializable {}

  static final PersistenceId ID = PersistenceId.ofUniqueId("job-registry");

  public static Behavior<Command> create(
      Path jobsDir, ActorRef<JobScheduler.Command> scheduler, Config config, JobMetrics metrics) {
    return Behaviors.setup(
        context -> new JobRegistry(context, jobsDir, scheduler, config, metrics));
  }

  private final ActorRef<EntityDirectory.Command<JobEntity.Command>> jobs;

  private JobRegistry(
      ActorContext<Command> context,
      Path jobsDir,
      ActorRef<JobScheduler.Command> scheduler,
      Config config,
      JobMetrics metrics) {
    // A failed journal write: start again from the journal with a backoff. The restart stops the
    // job entities (each cancels its run, its manifest complete); the recovery wakes them again.
    super(
        ID,
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    ActorRef<Command> self = context.getSelf();
    this.jobs =
        context.spawn(
            EntityDirectory.create(
                "job-",
                id ->
                    JobEntity.create(
                        id, new JobContext(jobsDir, scheduler, self, config, metrics))),
            "jobs");
  }

  @Override
  public State emptyState() {
    return new State(List.of(), List.of());
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(Forward.class, this::onForward)
        .onCommand(ListJobs.class, (state, list) -> Effect().reply(list.replyTo(), state.ids()))
        .onCommand(JobEnded.class, this::onJobEnded)
        .onCommand(
            Forget.class,
            (state, forget) ->
                state.ids().contains(forget.id())
                    ? Effect().persist(new Removed(forget.id()))
                    : Effect().none())
        .build();
  }

  private Effect<Event, State> onSubmit(State state, Submit submit) {
    if (state.ids().contains(submit.id())) {
      return Effect().reply(submit.replyTo(), StatusReply.error("job " + submit.id() + " exists"));
    }
    return Effect()
        .persist(new Added(submit.id()))
        .thenRun(
            added -> deliver(submit.id(), new JobEntity.Create(submit.spec(), submit.replyTo())));
  }

  private Effect<Event, State> onForward(State state, Forward forward) {
    if (state.ids().contains(forward.id())) {
      deliver(forward.id(), forward.command());
    } else {
      JobView none = JobView.of(forward.id(), JobStatus.NONE, 0, JobCounts.ZERO, null, null, null);
      NoSuchJobException missing = new NoSuchJobException("no job " + forward.id());
      if (forward.command() instanceof JobEntity.Get get) {
        get.replyTo().tell(StatusReply.error(missing));
      } else if (forward.command() instanceof JobEntity.Cancel cancel) {
        cancel.replyTo().tell(StatusReply.error(missing));
      } else if (forward.command() instanceof JobEntity.Subscribe subscribe) {
        subscribe.subscriber().tell(new JobEntity.Update(none, true));
      }
    }
    return Effect().none();
  }

  private Effect<Event, State> onJobEnded(State state, JobEnded ended) {
    return state.open().contains(ended.id())
        ? Effect().persist(new Finished(ended.id()))
        : Effect().none();
  }

  private void deliver(String id, JobEntity.Command command) {
    jobs.tell(new EntityDirectory.Deliver<>(id, command));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            Added.class,
            (state, e) -> new State(plus(state.ids(), e.id()), plus(state.open(), e.id())))
        .onEvent(Finished.class, (state, e) -> new State(state.ids(), minus(state.open(), e.id())))
        .onEvent(
            Removed.class,
            (state, e) -> new State(minus(state.ids(), e.id()), minus(state.open(), e.id())))
        .build();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> state.open().forEach(id -> deliver(id, JobEntity.Wake.INSTANCE)))
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1000, 2);
  }

  private static List<String> plus(List<String> list, String id) {
    List<String> copy = new ArrayList<>(list);
    copy.add(id);
    return copy;
  }

  private static List<String> minus(List<String> list, String id) {
    List<String> copy = new ArrayList<>(list);
    copy.remove(id);
    return copy;
  }
}
