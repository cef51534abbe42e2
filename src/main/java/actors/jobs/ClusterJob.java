// One file of some 590 lines on purpose: the journal's events and the hand-out of work act on the
// same lines (which are done, which were sent in this incarnation); apart, each half would need
// the other's state. The protocol's records (Work, LineResult, PlannedLine) are nested here
// because they are the job's journal format too.
package actors.jobs;

import actors.pipeline.InputLine;
import actors.pipeline.LineChecks;
import actors.pipeline.ManifestCodec;
import actors.pipeline.Outcome;
import actors.support.CborSerializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.delivery.ConsumerController;
import org.apache.pekko.actor.typed.delivery.WorkPullingProducerController;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A download job on a cluster: a sharded, event-sourced entity that hands its URLs out to workers
 * on every node ({@link JobWorkers}) and keeps the manifest in the journal, so that any node can
 * serve it and the job survives the death of any node, its own included.
 *
 * <p>Its lines arrive first ({@link AddLines}, in chunks small enough to cross a node), already
 * checked where the whole list was ({@link LineChecks}: an invalid or duplicate line has its
 * manifest line at once); then {@link Create} starts it. It runs a {@link
 * WorkPullingProducerController} (Pekko's reliable delivery): workers register through the
 * Receptionist under the job's own key, each asks for work when it has room, and the controller
 * sends the next line to one that asked. A worker's node that dies takes its unconfirmed lines with
 * it, and the controller sends them to other workers.
 *
 * <p>What survives what: a line is done once its {@link LineReported} event is written; the first
 * report of a line wins and later ones (a line sent twice, as after a worker's death) are answered
 * and ignored, so the manifest has exactly one line per input line. When this entity's own node
 * dies, sharding starts it again on another (remember-entities) and it recovers the lines done; the
 * lines it had sent but that were not reported yet are sent again. Workers confirm a line only
 * after this entity answered its report, so no line is confirmed and lost.
 *
 * <p>Cancel ({@link Cancel}): every line not done is written {@code cancelled}, the job ends, and
 * the workers drop what they still run. An ended job passivates after {@link #IDLE}.
 */
public final class ClusterJob
    extends EventSourcedBehavior<ClusterJob.Command, ClusterJob.Event, ClusterJob.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "job");

  static final Duration IDLE = Duration.ofMinutes(2);

  // The two refusals a route maps to a status, as plain messages: an exception of ours would not
  // cross a node (StatusReply carries only its own ErrorMessage), so translate() rebuilds them.
  private static final String MISSING = "no job ";
  private static final String ENDED = " has ended: ";

  /**
   * {@code failure} of an ask to a job, as the exception a route maps ({@link NoSuchJobException}:
   * 404, {@link JobEndedException}: 409), or as it was.
   */
  public static Throwable translate(Throwable failure) {
    if (failure instanceof StatusReply.ErrorMessage error) {
      String message = error.getMessage();
      if (message.startsWith(MISSING)) {
        return new NoSuchJobException(message);
      }
      if (message.startsWith("job ") && message.contains(ENDED)) {
        return new JobEndedException(message);
      }
    }
    return failure;
  }

  /** One line for a worker to download. */
  public record Work(String job, long line, String text) implements CborSerializable {}

  /**
   * How a line ended: its manifest line ({@code json}, with the node that holds its file) and what
   * the job's counts need.
   */
  public record LineResult(long line, Outcome.Status status, long bytes, String json)
      implements CborSerializable {

    /** {@code outcome}'s manifest line, naming {@code node} (null: no node did the work). */
    public static LineResult of(Outcome outcome, String node) {
      String json = new String(ManifestCodec.encode(outcome), StandardCharsets.UTF_8).trim();
      if (node != null) {
        json = json.substring(0, json.length() - 1) + ",\"node\":\"" + node + "\"}";
      }
      return new LineResult(outcome.line(), outcome.status(), outcome.bytes(), json);
    }
  }

  /** An input line: the text to download, or the result it already has (invalid, duplicate). */
  public record PlannedLine(long line, String text, LineResult resolved)
      implements CborSerializable {}

  /** The key the job's workers register under. */
  public static ServiceKey<ConsumerController.Command<Work>> workKey(String id) {
    return ServiceKey.create(ConsumerController.serviceKeyClass(), "job-work-" + id);
  }

  public static PersistenceId persistenceId(String id) {
    return PersistenceId.of("cluster-job", id);
  }

  public sealed interface Command extends CborSerializable {}

  /** Lines {@code first} to {@code first + lines.size() - 1} (counted from 0), before Create. */
  public record AddLines(long first, List<PlannedLine> lines, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** Starts the job once all {@code spec.total()} lines are added; the reply is the job. */
  public record Create(JobSpec spec, ActorRef<StatusReply<JobView>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<JobView>> replyTo) implements Command {}

  public record Cancel(ActorRef<StatusReply<JobView>> replyTo) implements Command {}

  public record Subscribe(ActorRef<JobEntity.Update> subscriber) implements Command {}

  /** From a worker: a line has ended; answered once it is written (or was already). */
  public record Report(LineResult result, ActorRef<Done> replyTo) implements Command {}

  private record WorkWanted(WorkPullingProducerController.RequestNext<Work> next)
      implements Command, NoSerializationVerificationNeeded {}

  private record WorkerNodes(Receptionist.Listing listing)
      implements Command, NoSerializationVerificationNeeded {}

  private record SubscriberGone(ActorRef<JobEntity.Update> subscriber)
      implements Command, NoSerializationVerificationNeeded {}

  private enum Tick implements Command {
    INSTANCE
  }

  private enum Idle implements Command {
    INSTANCE
  }

  public sealed interface Event extends CborSerializable {}

  public record LinesAdded(long first, List<PlannedLine> lines) implements Event {}

  public record Submitted(JobSpec spec, long created) implements Event {}

  public record LineReported(LineResult result) implements Event {}

  public record CancelRequested(long at) implements Event {}

  public record Ended(JobStatus status, JobCounts counts, long finished, String error)
      implements Event {}

  /**
   * The job as recovered. Mutable, and touched only by the event handler: a job of many lines would
   * otherwise copy its lists once per event.
   */
  public static final class State {
    JobStatus status = JobStatus.NONE;
    JobSpec spec;
    long created;
    final List<PlannedLine> lines = new ArrayList<>();
    final Set<Long> done = new HashSet<>();
    JobCounts counts = JobCounts.ZERO;
    long open; // lines neither resolved nor reported
    long finished;
    String error;

    boolean isDone(PlannedLine line) {
      return line.resolved() != null || done.contains(line.line());
    }
  }

  public static Behavior<Command> create(
      String id, ActorRef<ClusterSharding.ShardCommand> shard, JobMetrics metrics) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(timers -> new ClusterJob(context, timers, id, shard, metrics)));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String id;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final JobMetrics metrics;

  // The hand-out in progress, in memory only: a new incarnation sends every line not done again.
  private ActorRef<WorkPullingProducerController.Command<Work>> producer;
  private final Set<Long> sent = new HashSet<>();
  private int cursor;
  private WorkPullingProducerController.RequestNext<Work> waiting;
  private final Set<ActorRef<JobWorkers.Command>> joined = new HashSet<>();
  private final JobSubscribers subscribers = new JobSubscribers();

  private ClusterJob(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String id,
      ActorRef<ClusterSharding.ShardCommand> shard,
      JobMetrics metrics) {
    // A failed journal write: start again from the journal, with a backoff, rather than stop.
    super(
        persistenceId(id),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.context = context;
    this.timers = timers;
    this.id = id;
    this.shard = shard;
    this.metrics = metrics;
  }

  /**
   * The state recovery starts from. Pekko asks for it once per actor and starts every recovery from
   * that same object, also the one after a restart (a failed write); the state is mutable (a job of
   * a million lines is not copied per event), so no handler may change this object: the first event
   * replaces it ({@link #fresh}). Replayed onto the old object instead, the lines would be counted
   * twice and the job would never end (seen when a node holding the H2 journal died).
   */
  private final State empty = new State();

  @Override
  public State emptyState() {
    return empty;
  }

  /** {@code state}, or a new one if it is {@link #empty}: what an event handler may change. */
  private State fresh(State state) {
    return state == empty ? new State() : state;
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(AddLines.class, this::onAddLines)
        .onCommand(Create.class, this::onCreate)
        .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), viewOrMissing(state)))
        .onCommand(Cancel.class, this::onCancel)
        .onCommand(Subscribe.class, this::onSubscribe)
        .onCommand(SubscriberGone.class, this::onSubscriberGone)
        .onCommand(Report.class, this::onReport)
        .onCommand(WorkWanted.class, this::onWorkWanted)
        .onCommand(WorkerNodes.class, this::onWorkerNodes)
        .onCommand(Tick.class, (state, tick) -> publish(state))
        .onCommand(Idle.class, this::onIdle)
        .build();
  }

  private Effect<Event, State> onAddLines(State state, AddLines add) {
    if (state.status != JobStatus.NONE) {
      return Effect().reply(add.replyTo(), StatusReply.error("job " + id + " exists already"));
    }
    if (add.first() + add.lines().size() <= state.lines.size()) {
      return Effect().reply(add.replyTo(), StatusReply.ack()); // a retry of a chunk written
    }
    if (add.first() != state.lines.size()) {
      return Effect()
          .reply(
              add.replyTo(),
              StatusReply.error(
                  "job "
                      + id
                      + ": lines from "
                      + state.lines.size()
                      + " expected, not "
                      + add.first()));
    }
    timers.startSingleTimer(Idle.INSTANCE, IDLE); // a submission that stops half-way is dropped
    return Effect()
        .persist(new LinesAdded(add.first(), add.lines()))
        .thenReply(add.replyTo(), added -> StatusReply.ack());
  }

  private Effect<Event, State> onCreate(State state, Create create) {
    if (state.status != JobStatus.NONE) {
      return Effect().reply(create.replyTo(), StatusReply.error("job " + id + " exists already"));
    }
    if (state.lines.size() != create.spec().total()) {
      return Effect()
          .reply(
              create.replyTo(),
              StatusReply.error(
                  "job "
                      + id
                      + " has "
                      + state.lines.size()
                      + " of "
                      + create.spec().total()
                      + " lines"));
    }
    List<Event> events = new ArrayList<>();
    events.add(new Submitted(create.spec(), System.currentTimeMillis()));
    if (state.open == 0) { // nothing to download: every line invalid or a duplicate
      events.add(new Ended(JobStatus.DONE, state.counts, System.currentTimeMillis(), null));
    }
    return Effect()
        .persist(events)
        .thenRun(
            created -> {
              create.replyTo().tell(StatusReply.success(view(created)));
              if (created.status.ended()) {
                ended(created);
              } else {
                timers.cancel(Idle.INSTANCE);
                startHandingOut(created);
              }
            });
  }

  private Effect<Event, State> onCancel(State state, Cancel cancel) {
    if (state.status == JobStatus.NONE) {
      return Effect().reply(cancel.replyTo(), viewOrMissing(state));
    }
    if (state.status.ended()) {
      return Effect()
          .reply(cancel.replyTo(), StatusReply.error("job " + id + ENDED + state.status.json()));
    }
    List<Event> events = new ArrayList<>();
    long now = System.currentTimeMillis();
    events.add(new CancelRequested(now));
    JobCounts counts = state.counts;
    for (PlannedLine line : state.lines) {
      if (!state.isDone(line)) {
        Outcome cancelled = LineChecks.cancelledBeforeStart(InputLine.of(line.line(), line.text()));
        events.add(new LineReported(LineResult.of(cancelled, null)));
        counts = counts.plus(cancelled);
      }
    }
    events.add(new Ended(JobStatus.CANCELLED, counts, now, null));
    return Effect()
        .persist(events)
        .thenRun(
            cancelled -> {
              cancel.replyTo().tell(StatusReply.success(view(cancelled)));
              ended(cancelled);
            });
  }

  private Effect<Event, State> onReport(State state, Report report) {
    LineResult result = report.result();
    if (state.status != JobStatus.RUNNING || state.done.contains(result.line())) {
      return Effect().reply(report.replyTo(), Done.getInstance()); // ended, or reported already
    }
    List<Event> events = new ArrayList<>();
    events.add(new LineReported(result));
    if (state.open == 1) { // this was the last one
      events.add(
          new Ended(
              JobStatus.DONE,
              state.counts.plus(result.status(), result.bytes()),
              System.currentTimeMillis(),
              null));
    }
    return Effect()
        .persist(events)
        .thenRun(
            after -> {
              report.replyTo().tell(Done.getInstance());
              subscribers.changed();
              if (after.status.ended()) {
                ended(after);
              }
            });
  }

  private Effect<Event, State> onWorkWanted(State state, WorkWanted wanted) {
    waiting = wanted.next();
    sendNext(state);
    return Effect().none();
  }

  /** The next line neither done nor sent, to the worker that asked; or wait for one. */
  private void sendNext(State state) {
    if (waiting == null || state.status != JobStatus.RUNNING) {
      return;
    }
    while (cursor < state.lines.size()) {
      PlannedLine line = state.lines.get(cursor++);
      if (!state.isDone(line) && sent.add(line.line())) {
        waiting.sendNextTo().tell(new Work(id, line.line(), line.text()));
        waiting = null;
        return;
      }
    }
  }

  private Effect<Event, State> onWorkerNodes(State state, WorkerNodes nodes) {
    for (ActorRef<JobWorkers.Command> workers :
        nodes.listing().getServiceInstances(JobWorkers.KEY)) {
      if (state.status == JobStatus.RUNNING && joined.add(workers)) {
        workers.tell(new JobWorkers.Join(id, state.spec.options()));
      } else if (state.status.ended()) {
        workers.tell(new JobWorkers.Leave(id)); // nothing for a node that has no run of it
      }
    }
    return Effect().none();
  }

  /** Runs the hand-out: the producer controller, and every node's workers told to join. */
  private void startHandingOut(State state) {
    // A restart after a failed write keeps this object but stops the old producer: every line
    // not done is to be sent again, to every node's workers.
    sent.clear();
    cursor = 0;
    waiting = null;
    joined.clear();
    producer =
        context.spawn(
            WorkPullingProducerController.create(
                Work.class, "job-" + id, workKey(id), Optional.empty()),
            "producer");
    @SuppressWarnings({"unchecked", "rawtypes"})
    ActorRef<WorkPullingProducerController.RequestNext<Work>> wanted =
        (ActorRef)
            context.messageAdapter(
                WorkPullingProducerController.RequestNext.class, WorkWanted::new);
    producer.tell(new WorkPullingProducerController.Start<>(wanted));
    context
        .getSystem()
        .receptionist()
        .tell(
            Receptionist.subscribe(
                JobWorkers.KEY,
                context.messageAdapter(Receptionist.Listing.class, WorkerNodes::new)));
    timers.startTimerWithFixedDelay(Tick.INSTANCE, JobEntity.PROGRESS_EVERY);
  }

  /** After the {@link Ended} event: the hand-out stops, the workers leave, subscribers hear. */
  private void ended(State ended) {
    if (producer != null) {
      context.stop(producer);
      producer = null;
    }
    joined.forEach(workers -> workers.tell(new JobWorkers.Leave(id)));
    timers.cancel(Tick.INSTANCE);
    metrics.ended(ended.status);
    subscribers.last(view(ended));
    timers.startSingleTimer(Idle.INSTANCE, IDLE);
  }

  private Effect<Event, State> onIdle(State state, Idle idle) {
    if (state.status != JobStatus.RUNNING) { // a running job stays, wherever it is moved
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
    return Effect().none();
  }

  private Effect<Event, State> onSubscribe(State state, Subscribe subscribe) {
    subscribers.subscribe(
        context,
        subscribe.subscriber(),
        view(state),
        state.status.ended() || state.status == JobStatus.NONE,
        new SubscriberGone(subscribe.subscriber()));
    return Effect().none();
  }

  private Effect<Event, State> onSubscriberGone(State state, SubscriberGone gone) {
    subscribers.remove(gone.subscriber());
    return Effect().none();
  }

  private Effect<Event, State> publish(State state) {
    subscribers.publish(() -> view(state));
    return Effect().none();
  }

  private StatusReply<JobView> viewOrMissing(State state) {
    return state.status == JobStatus.NONE
        ? StatusReply.error(MISSING + id)
        : StatusReply.success(view(state));
  }

  private JobView view(State state) {
    if (state.status == JobStatus.NONE) {
      return JobView.of(id, JobStatus.NONE, 0, JobCounts.ZERO, null, null, null);
    }
    return JobView.of(
        id,
        state.status,
        state.spec.total(),
        state.counts,
        Instant.ofEpochMilli(state.created).toString(),
        state.status.ended() ? Instant.ofEpochMilli(state.finished).toString() : null,
        state.error);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            LinesAdded.class,
            (before, e) -> {
              State state = fresh(before);
              for (PlannedLine line : e.lines()) {
                state.lines.add(line);
                if (line.resolved() != null) {
                  state.counts =
                      state.counts.plus(line.resolved().status(), line.resolved().bytes());
                } else {
                  state.open++;
                }
              }
              return state;
            })
        .onEvent(
            Submitted.class,
            (before, e) -> {
              State state = fresh(before);
              state.status = JobStatus.RUNNING;
              state.spec = e.spec();
              state.created = e.created();
              return state;
            })
        .onEvent(
            LineReported.class,
            (before, e) -> {
              State state = fresh(before);
              if (state.done.add(e.result().line())) {
                state.counts = state.counts.plus(e.result().status(), e.result().bytes());
                state.open--;
              }
              return state;
            })
        .onEvent(CancelRequested.class, (before, e) -> fresh(before))
        .onEvent(
            Ended.class,
            (before, e) -> {
              State state = fresh(before);
              state.status = e.status();
              state.counts = e.counts();
              state.finished = e.finished();
              state.error = e.error();
              return state;
            })
        .build();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              if (state.status == JobStatus.RUNNING) {
                context.getLog().info("job {} was running: it carries on here", id);
                startHandingOut(state);
              } else {
                // Remembered entities never passivate on their own: an ended job, or an id that
                // has no job (a GET of any id starts its entity), goes after a while.
                timers.startSingleTimer(Idle.INSTANCE, IDLE);
                if (state.status.ended()) {
                  // The workers may not have heard that it ended (its node died right after).
                  context
                      .getSystem()
                      .receptionist()
                      .tell(
                          Receptionist.find(
                              JobWorkers.KEY,
                              context.messageAdapter(
                                  Receptionist.Listing.class, WorkerNodes::new)));
                }
              }
            })
        .build();
  }
}
