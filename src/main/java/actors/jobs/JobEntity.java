// One file of some 525 lines on purpose: the journal's events and the run in progress (launch,
// cancel, suspend, progress) act on the same fields and decide each other's next step; apart, each
// half would need the other's state.
package actors.jobs;

import actors.pipeline.Cancellation;
import actors.pipeline.InputLine;
import actors.pipeline.OutputDir;
import actors.pipeline.Pipeline;
import actors.pipeline.PipelineEvent;
import actors.pipeline.PipelineSettings;
import actors.pipeline.Summary;
import actors.support.CborSerializable;
import actors.support.Stages;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One download job of {@code actors serve}: the patterns' {@link Pipeline} over the job's URL list,
 * with its own kill switch ({@link Cancellation}) and manifest in the job's directory. Event
 * sourced, three events in a job's life: {@link Submitted}, {@link Started}, {@link Ended}.
 *
 * <p>Life: a submitted job asks the {@link JobScheduler} for a slot and waits {@code queued}; once
 * granted it is {@code running}; when its pipeline completes, it is {@code done}, or {@code
 * cancelled} after a {@link Cancel}, or {@code failed} when its directory cannot be used. The
 * counts while it runs are kept in memory, from the pipeline's events; the final ones are in the
 * {@link Ended} event.
 *
 * <p>What survives a crash: the events. A job that was queued or running when the process stopped
 * (a shutdown, a {@code kill -9}) recovers as such, asks for a slot again, and runs again over the
 * same directory: the pipeline's resume data marks the files already complete {@code skipped}, so
 * nothing is fetched twice and the new manifest covers every line. On a shutdown ({@link Suspend})
 * a running job cancels its pipeline so that its manifest is complete, and writes no event: it is
 * still running when the process comes back.
 *
 * <p>Pipeline start-up reads the directory's resume data, so it runs on the blocking dispatcher and
 * comes back as a message ({@code pipeToSelf}); so does the pipeline's end. Progress goes to {@link
 * Subscribe}rs at most every {@link #PROGRESS_EVERY}, then once more at the end.
 */
public final class JobEntity
    extends EventSourcedBehavior<JobEntity.Command, JobEntity.Event, JobEntity.State> {

  static final Duration PROGRESS_EVERY = Duration.ofMillis(500);

  /** The protocol of a job. */
  public sealed interface Command extends CborSerializable {}

  /** Creates the job; the reply is the job as created, or an error if the id is taken. */
  public record Create(JobSpec spec, ActorRef<StatusReply<JobView>> replyTo) implements Command {}

  /** Replies with the job, or an error if there is none. */
  public record Get(ActorRef<StatusReply<JobView>> replyTo) implements Command {}

  /** Cancels the job; the reply is the job (still running until its manifest is complete). */
  public record Cancel(ActorRef<StatusReply<JobView>> replyTo) implements Command {}

  /** Sends {@code subscriber} the job's progress until it ends, then {@link Update#last()}. */
  public record Subscribe(ActorRef<Update> subscriber) implements Command {}

  /** Sent at start to each job that had not ended: it recovers and carries on. */
  public enum Wake implements Command {
    INSTANCE
  }

  /** From the scheduler: the job may run now. */
  public enum SlotGranted implements Command {
    INSTANCE
  }

  /** Shutdown: stop the pipeline with a complete manifest, write nothing, reply when done. */
  public record Suspend(ActorRef<Done> replyTo) implements Command {}

  /** What a subscriber gets: the job as it is, and whether this is the last update. */
  public record Update(JobView view, boolean last) implements CborSerializable {}

  private record Launched(Pipeline.Running running, OutputDir output, Throwable failure)
      implements Command {}

  private record LineDone(actors.pipeline.Outcome outcome) implements Command {}

  private record PipelineDone(OutputDir output, Summary summary, Throwable failure)
      implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  /**
   * A pipeline event the job has no use for (a download starting, bytes arriving, a download ending
   * before its line is recorded): never a publish of its own, which only the timer's {@link Tick}
   * does.
   */
  private enum Ignored implements Command {
    INSTANCE
  }

  private record SubscriberGone(ActorRef<Update> subscriber) implements Command {}

  /** What the journal holds. */
  public sealed interface Event extends CborSerializable {}

  public record Submitted(JobSpec spec, long created) implements Event {}

  public record Started(long at) implements Event {}

  /** A DELETE: kept, so that a cancelled job stays cancelled through a crash. */
  public record CancelRequested(long at) implements Event {}

  public record Ended(JobStatus status, JobCounts counts, long finished, String error)
      implements Event {}

  /** The job as recovered from its events. */
  public record State(
      JobStatus status,
      JobSpec spec,
      long created,
      JobCounts counts,
      long finished,
      String error,
      boolean cancelRequested)
      implements CborSerializable {

    static final State NONE = new State(JobStatus.NONE, null, 0, JobCounts.ZERO, 0, null, false);

    State with(JobStatus next) {
      return new State(next, spec, created, counts, finished, error, cancelRequested);
    }
  }

  /** The journal's id of job {@code id}. */
  public static PersistenceId persistenceId(String id) {
    return PersistenceId.of("job", id);
  }

  /**
   * The job {@code id}, with what every job works with ({@link JobContext}): its registry hears
   * when it ends, and its options are layered over the context's config.
   */
  static Behavior<Command> create(String id, JobContext jobs) {
    return Behaviors.setup(
        context -> Behaviors.withTimers(timers -> new JobEntity(context, timers, id, jobs)));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String id;
  private final Path jobsDir;
  private final ActorRef<JobScheduler.Command> scheduler;
  private final ActorRef<JobRegistry.Command> registry;
  private final Config config;
  private final JobMetrics metrics;

  // The run in progress, in memory only: touched by this actor's handlers alone.
  private Cancellation cancellation;
  private Pipeline.Running running;
  private boolean launching;
  private JobCounts live = JobCounts.ZERO;
  private final JobSubscribers subscribers = new JobSubscribers();
  private final List<ActorRef<Done>> suspenders = new ArrayList<>();

  private JobEntity(
      ActorContext<Command> context, TimerScheduler<Command> timers, String id, JobContext jobs) {
    // A failed journal write (the database gone for a moment): start again from the journal, with
    // a backoff, rather than stop for good; the run in progress is cancelled first (PreRestart).
    super(
        persistenceId(id),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.context = context;
    this.timers = timers;
    this.id = id;
    this.jobsDir = jobs.jobsDir();
    this.scheduler = jobs.scheduler();
    this.registry = jobs.registry();
    this.config = jobs.config();
    this.metrics = jobs.metrics();
  }

  @Override
  public State emptyState() {
    return State.NONE;
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), viewOrMissing(state)))
        .onCommand(Cancel.class, this::onCancel)
        .onCommand(Subscribe.class, this::onSubscribe)
        .onCommand(Wake.class, this::onWake)
        .onCommand(SlotGranted.class, this::onSlotGranted)
        .onCommand(Launched.class, this::onLaunched)
        .onCommand(LineDone.class, this::onLineDone)
        .onCommand(Tick.class, (state, tick) -> publish(state))
        .onCommand(Ignored.class, (state, ignored) -> Effect().none())
        .onCommand(PipelineDone.class, this::onPipelineDone)
        .onCommand(Suspend.class, this::onSuspend)
        .onCommand(SubscriberGone.class, this::onSubscriberGone)
        .build();
  }

  private Effect<Event, State> onCreate(State state, Create create) {
    if (state.status() != JobStatus.NONE) {
      return Effect().reply(create.replyTo(), StatusReply.error("job " + id + " exists already"));
    }
    return Effect()
        .persist(new Submitted(create.spec(), System.currentTimeMillis()))
        .thenRun(
            created -> {
              scheduler.tell(new JobScheduler.Request(id, context.getSelf()));
              create.replyTo().tell(StatusReply.success(view(created)));
            });
  }

  /** Recovery has done the work (a job not ended asked for a slot); an empty one is forgotten. */
  private Effect<Event, State> onWake(State state, Wake wake) {
    if (state.status() == JobStatus.NONE) {
      registry.tell(new JobRegistry.Forget(id));
    }
    return Effect().none();
  }

  private Effect<Event, State> onCancel(State state, Cancel cancel) {
    if (state.status() == JobStatus.NONE) {
      return Effect().reply(cancel.replyTo(), viewOrMissing(state));
    }
    if (state.status().ended()) {
      return Effect()
          .reply(
              cancel.replyTo(),
              StatusReply.error(
                  new JobEndedException("job " + id + " has ended: " + state.status().json())));
    }
    if (state.cancelRequested()) {
      return Effect().reply(cancel.replyTo(), StatusReply.success(view(state)));
    }
    return Effect()
        .persist(new CancelRequested(System.currentTimeMillis()))
        .thenRun(
            cancelling -> {
              if (cancellation != null) {
                cancellation.cancel("cancelled by DELETE /jobs/" + id);
              } else if (!launching) {
                // Queued: no slot needed to download nothing. The run writes the manifest, every
                // line cancelled (or invalid), and the job ends.
                scheduler.tell(new JobScheduler.Withdraw(id));
                launch(cancelling);
              }
              cancel.replyTo().tell(StatusReply.success(view(cancelling)));
            });
  }

  private Effect<Event, State> onSubscribe(State state, Subscribe subscribe) {
    subscribers.subscribe(
        context,
        subscribe.subscriber(),
        view(state),
        state.status().ended() || state.status() == JobStatus.NONE,
        new SubscriberGone(subscribe.subscriber()));
    return Effect().none();
  }

  private Effect<Event, State> onSubscriberGone(State state, SubscriberGone gone) {
    subscribers.remove(gone.subscriber());
    return Effect().none();
  }

  private Effect<Event, State> onSlotGranted(State state, SlotGranted granted) {
    if (state.status() == JobStatus.QUEUED && !launching) {
      return Effect().persist(new Started(System.currentTimeMillis())).thenRun(this::launch);
    }
    if (state.status() == JobStatus.RUNNING && running == null && !launching) {
      launch(state); // recovered as running: run again over the same directory
      return Effect().none();
    }
    if (!state.status().ended() && (running != null || launching)) {
      return Effect().none();
    }
    scheduler.tell(new JobScheduler.Release(id));
    return Effect().none();
  }

  private void launch(State state) {
    JobSpec spec = state.spec();
    launching = true;
    live = JobCounts.ZERO;
    cancellation = new Cancellation();
    if (state.cancelRequested()) {
      cancellation.cancel("cancelled by DELETE /jobs/" + id);
    }
    Cancellation token = cancellation;
    ActorRef<PipelineEvent> events =
        context.messageAdapter(
            PipelineEvent.class,
            event ->
                event instanceof PipelineEvent.Finished finished
                    ? new LineDone(finished.outcome())
                    : Ignored.INSTANCE);
    ActorSystem<?> system = context.getSystem();
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    context.pipeToSelf(
        CompletableFuture.supplyAsync(() -> start(system, spec, events, token), blocking),
        (launched, failure) ->
            failure != null ? new Launched(null, null, Stages.cause(failure)) : launched);
    timers.startTimerWithFixedDelay(Tick.INSTANCE, PROGRESS_EVERY);
  }

  /** Opens the directory and starts the pipeline; off the actor's thread (file reads). */
  private Launched start(
      ActorSystem<?> system, JobSpec spec, ActorRef<PipelineEvent> events, Cancellation token) {
    Path dir = jobsDir.resolve(spec.id());
    PipelineSettings settings = settings(spec, config);
    OutputDir output = OutputDir.open(dir, dir.resolve("manifest.jsonl"));
    try {
      Pipeline.Running started =
          Pipeline.start(
              system,
              InputLine.fromFile(dir.resolve("urls.txt"), settings.maxLineLength()),
              settings,
              output,
              events,
              token);
      // Closed when the run ends whatever becomes of this actor, so the directory is free again.
      started.done().whenComplete((summary, failure) -> output.close());
      return new Launched(started, output, null);
    } catch (RuntimeException e) {
      output.close();
      throw e;
    }
  }

  /** The job's settings: its options over {@code config}, checked as the command line's are. */
  public static PipelineSettings settings(JobSpec spec, Config config) {
    Map<String, Object> options = new HashMap<>();
    spec.options().forEach((key, value) -> options.put(PipelineSettings.key(key), value));
    return PipelineSettings.create(ConfigFactory.parseMap(options).withFallback(config));
  }

  private Effect<Event, State> onLaunched(State state, Launched launched) {
    launching = false;
    if (launched.failure() != null) {
      timers.cancel(Tick.INSTANCE);
      if (!suspenders.isEmpty()) {
        answerSuspenders(state);
        return Effect().none();
      }
      String error = launched.failure().getMessage();
      context.getLog().warn("job {} cannot run: {}", id, error);
      return end(JobStatus.FAILED, live, error);
    }
    running = launched.running();
    OutputDir output = launched.output();
    context.pipeToSelf(
        running.done(), (summary, failure) -> new PipelineDone(output, summary, failure));
    return Effect().none();
  }

  private Effect<Event, State> onLineDone(State state, LineDone done) {
    live = live.plus(done.outcome());
    subscribers.changed();
    metrics.line(done.outcome());
    return Effect().none();
  }

  private Effect<Event, State> onPipelineDone(State state, PipelineDone done) {
    done.output().close();
    running = null;
    timers.cancel(Tick.INSTANCE);
    if (!suspenders.isEmpty()) {
      answerSuspenders(state); // the server is stopping: still running when it comes back
      return Effect().none();
    }
    if (done.failure() != null) {
      return end(JobStatus.FAILED, live, Stages.cause(done.failure()).getMessage());
    }
    JobCounts counts = JobCounts.of(done.summary());
    return end(state.cancelRequested() ? JobStatus.CANCELLED : JobStatus.DONE, counts, null);
  }

  private Effect<Event, State> end(JobStatus status, JobCounts counts, String error) {
    return Effect()
        .persist(new Ended(status, counts, System.currentTimeMillis(), error))
        .thenRun(
            ended -> {
              scheduler.tell(new JobScheduler.Release(id));
              ended(ended);
            });
  }

  /** After the {@link Ended} event: everyone who should hear it does. */
  private void ended(State ended) {
    metrics.ended(ended.status());
    registry.tell(new JobRegistry.JobEnded(id));
    subscribers.last(view(ended));
  }

  private Effect<Event, State> onSuspend(State state, Suspend suspend) {
    if (running == null && !launching) {
      suspend.replyTo().tell(Done.getInstance());
      return Effect().none();
    }
    suspenders.add(suspend.replyTo());
    cancellation.cancel("the server is stopping");
    return Effect().none();
  }

  private void answerSuspenders(State state) {
    suspenders.forEach(suspender -> suspender.tell(Done.getInstance()));
    suspenders.clear();
    subscribers.last(view(state));
  }

  private Effect<Event, State> publish(State state) {
    subscribers.publish(() -> view(state));
    return Effect().none();
  }

  private StatusReply<JobView> viewOrMissing(State state) {
    return state.status() == JobStatus.NONE
        ? StatusReply.error(new NoSuchJobException("no job " + id))
        : StatusReply.success(view(state));
  }

  private JobView view(State state) {
    if (state.status() == JobStatus.NONE) {
      return JobView.of(id, JobStatus.NONE, 0, JobCounts.ZERO, null, null, null);
    }
    JobCounts counts = state.status().ended() ? state.counts() : live;
    return JobView.of(
        id,
        state.status(),
        state.spec().total(),
        counts,
        Instant.ofEpochMilli(state.created()).toString(),
        state.status().ended() ? Instant.ofEpochMilli(state.finished()).toString() : null,
        state.error());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            Submitted.class,
            (state, e) ->
                new State(JobStatus.QUEUED, e.spec(), e.created(), JobCounts.ZERO, 0, null, false))
        .onEvent(Started.class, (state, e) -> state.with(JobStatus.RUNNING))
        .onEvent(
            CancelRequested.class,
            (state, e) ->
                new State(
                    state.status(),
                    state.spec(),
                    state.created(),
                    state.counts(),
                    state.finished(),
                    state.error(),
                    true))
        .onEvent(
            Ended.class,
            (state, e) ->
                new State(
                    e.status(),
                    state.spec(),
                    state.created(),
                    e.counts(),
                    e.finished(),
                    e.error(),
                    state.cancelRequested()))
        .build();
  }

  /** This actor stops or restarts: its run must not go on without it (Rust's abort on drop). */
  private void stopRun() {
    if (cancellation != null) {
      cancellation.cancel("the job's actor stopped");
    }
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(PostStop.instance(), state -> stopRun())
        .onSignal(PreRestart.instance(), state -> stopRun())
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              if (state.status() == JobStatus.QUEUED || state.status() == JobStatus.RUNNING) {
                context.getLog().info("job {} was {}: it carries on", id, state.status().json());
                if (state.cancelRequested()) {
                  launch(state); // only to complete its manifest: it downloads nothing
                } else {
                  scheduler.tell(new JobScheduler.Request(id, context.getSelf()));
                }
              }
            })
        .build();
  }
}
