// One file of some 330 lines on purpose: a line's path here (delivered, offered, ended, reported,
// confirmed) runs through the same three maps, and the launch, the finish and the stop decide
// together when the pipeline's directory may close; apart, each would need the others' state.
package actors.jobs;

import actors.jobs.ClusterJob.LineResult;
import actors.jobs.ClusterJob.Work;
import actors.pipeline.Cancellation;
import actors.pipeline.InputLine;
import actors.pipeline.Outcome;
import actors.pipeline.OutputDir;
import actors.pipeline.Pipeline;
import actors.pipeline.PipelineEvent;
import actors.pipeline.PipelineSettings;
import actors.support.CborSerializable;
import actors.support.Stages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.delivery.ConsumerController;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One node's part of one {@link ClusterJob}: {@code workers} consumers of the job's work (Pekko
 * reliable delivery's {@link ConsumerController}, registered under {@link ClusterJob#workKey}),
 * feeding one {@link Pipeline} whose files and manifest live in this node's directory for the job.
 * The pipeline is the one {@code actors download} runs, with its timeouts, retries and atomic
 * writes; a line it has already completed here (a run before a crash) is {@code skipped}, not
 * fetched again.
 *
 * <p>A line's life here: delivered, offered to the pipeline, ended; its result reported to the job
 * ({@link ClusterJob.Report}, asked through sharding, wherever the job lives now, again with a
 * backoff until it answers); then, and only then, confirmed to its consumer, which lets the next
 * line come. A line delivered again while it runs here (the job recovered elsewhere and sent it
 * anew) joins the run in progress; one delivered again after it ended is reported again. So the
 * pipeline never sees a line twice.
 *
 * <p>A {@code cancelled} outcome is never reported: here it only comes from this run being stopped
 * (the job ended, or this node is going away), and the job must then hand the line to another node,
 * not end it. Stopping drops the consumers, and with them their unconfirmed lines, which the job's
 * producer sends elsewhere.
 */
final class JobNodeRun extends AbstractBehavior<JobNodeRun.Command> {

  static final Duration REPORT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REPORT_RETRY = Duration.ofSeconds(1);

  sealed interface Command extends CborSerializable {}

  /** The job has ended: stop. */
  enum Finish implements Command {
    INSTANCE
  }

  private record Delivered(ConsumerController.Delivery<Work> delivery)
      implements Command, NoSerializationVerificationNeeded {}

  private record Launched(Pipeline.Running running, OutputDir output, Throwable failure)
      implements Command, NoSerializationVerificationNeeded {}

  private record LineEnded(Outcome outcome) implements Command, NoSerializationVerificationNeeded {}

  private record Reported(long line) implements Command, NoSerializationVerificationNeeded {}

  private record Unanswered(long line) implements Command, NoSerializationVerificationNeeded {}

  private record RetryReport(long line) implements Command, NoSerializationVerificationNeeded {}

  private record PipelineDone(OutputDir output)
      implements Command, NoSerializationVerificationNeeded {}

  static Behavior<Command> create(
      String job,
      PipelineSettings settings,
      Path dir,
      String node,
      int workers,
      JobMetrics metrics) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new JobNodeRun(context, timers, job, settings, dir, node, workers, metrics)));
  }

  private final TimerScheduler<Command> timers;
  private final String job;
  private final String node;
  private final JobMetrics metrics;
  private final EntityRef<ClusterJob.Command> entity;
  private final Cancellation cancellation = new Cancellation();
  private final BoundedSourceQueue<InputLine> queue;
  // Lines here: those running (with every delivery waiting for them), and those ended but not yet
  // answered by the job (with their result, to report again).
  private final Map<Long, List<ActorRef<ConsumerController.Confirmed>>> waiting = new HashMap<>();
  private final Map<Long, LineResult> unreported = new HashMap<>();
  private final List<Work> beforeLaunch = new ArrayList<>();
  private boolean launched;
  private boolean finishing;
  private boolean queueOpen = true;

  private JobNodeRun(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String job,
      PipelineSettings settings,
      Path dir,
      String node,
      int workers,
      JobMetrics metrics) {
    super(context);
    this.timers = timers;
    this.job = job;
    this.node = node;
    this.metrics = metrics;
    this.entity = ClusterSharding.get(context.getSystem()).entityRefFor(ClusterJob.TYPE_KEY, job);
    int consumers = Math.min(workers, settings.parallelism());
    // Room for every consumer's one line in flight: an offer never finds the queue full.
    Pair<BoundedSourceQueue<InputLine>, Source<InputLine, org.apache.pekko.NotUsed>> source =
        Source.<InputLine>queue(consumers + 1).preMaterialize(context.getSystem());
    this.queue = source.first();
    launch(context, settings, dir, source.second());

    ActorRef<ConsumerController.Delivery<Work>> deliveries = deliveries(context);
    ConsumerController.Settings consumerSettings =
        ConsumerController.Settings$.MODULE$
            .create(context.getSystem())
            // A consumer is sent at most this many lines ahead of the one it works on, so a slow or
            // dying node keeps few lines from the others. (2 stalled: after the first line the
            // consumer and its producer each waited for the other to ask.)
            .withFlowControlWindow(4);
    for (int i = 0; i < consumers; i++) {
      ActorRef<ConsumerController.Command<Work>> consumer =
          context.spawn(
              ConsumerController.create(ClusterJob.workKey(job), consumerSettings),
              "consumer-" + i);
      consumer.tell(new ConsumerController.Start<>(deliveries));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ActorRef<ConsumerController.Delivery<Work>> deliveries(
      ActorContext<Command> context) {
    return (ActorRef) context.messageAdapter(ConsumerController.Delivery.class, Delivered::new);
  }

  /** Opens the directory and starts the pipeline, off the actor's thread (file reads). */
  private void launch(
      ActorContext<Command> context,
      PipelineSettings settings,
      Path dir,
      Source<InputLine, org.apache.pekko.NotUsed> lines) {
    ActorSystem<?> system = context.getSystem();
    ActorRef<PipelineEvent> events =
        context.messageAdapter(
            PipelineEvent.class,
            event ->
                event instanceof PipelineEvent.Finished finished
                    ? new LineEnded(finished.outcome())
                    : new LineEnded(null));
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    context.pipeToSelf(
        CompletableFuture.supplyAsync(
            () -> {
              OutputDir output = OutputDir.open(dir, dir.resolve("manifest.jsonl"));
              try {
                return new Launched(
                    Pipeline.start(system, lines, settings, output, events, cancellation),
                    output,
                    null);
              } catch (RuntimeException e) {
                output.close();
                throw e;
              }
            },
            blocking),
        (started, failure) ->
            failure != null ? new Launched(null, null, Stages.cause(failure)) : started);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Launched.class, this::onLaunched)
        .onMessage(Delivered.class, this::onDelivered)
        .onMessage(LineEnded.class, this::onLineEnded)
        .onMessage(Reported.class, this::onReported)
        .onMessage(Unanswered.class, this::onUnanswered)
        .onMessage(RetryReport.class, retry -> report(retry.line()))
        .onMessageEquals(Finish.INSTANCE, this::onFinish)
        .onMessage(PipelineDone.class, this::onPipelineDone)
        .onSignal(PostStop.class, stop -> onStop())
        .build();
  }

  private Behavior<Command> onLaunched(Launched started) {
    if (started.failure() != null) {
      // This node cannot work on the job (its directory unusable): stop, and the lines it was
      // given go to the other nodes.
      getContext()
          .getLog()
          .warn("job {}: this node cannot take part: {}", job, started.failure().getMessage());
      return Behaviors.stopped();
    }
    launched = true;
    OutputDir output = started.output();
    getContext()
        .pipeToSelf(started.running().done(), (summary, failure) -> new PipelineDone(output));
    beforeLaunch.forEach(this::offer);
    beforeLaunch.clear();
    return this;
  }

  private Behavior<Command> onDelivered(Delivered delivered) {
    Work work = delivered.delivery().message();
    ActorRef<ConsumerController.Confirmed> confirmTo = delivered.delivery().confirmTo();
    if (finishing) {
      return this; // not confirmed: the job has ended, or this node is stopping
    }
    if (unreported.containsKey(work.line())) {
      waiting.computeIfAbsent(work.line(), line -> new ArrayList<>()).add(confirmTo);
      return report(work.line());
    }
    List<ActorRef<ConsumerController.Confirmed>> confirms = waiting.get(work.line());
    if (confirms != null) {
      confirms.add(confirmTo); // running here already: it will answer both
      return this;
    }
    waiting.put(work.line(), new ArrayList<>(List.of(confirmTo)));
    if (launched) {
      offer(work);
    } else {
      beforeLaunch.add(work);
    }
    return this;
  }

  private void offer(Work work) {
    queue.offer(InputLine.of(work.line(), work.text()));
  }

  private Behavior<Command> onLineEnded(LineEnded ended) {
    Outcome outcome = ended.outcome();
    if (outcome == null || outcome.status() == Outcome.Status.CANCELLED) {
      return this; // a download started, or this run stopping: nothing to report
    }
    metrics.line(outcome);
    unreported.put(outcome.line(), LineResult.of(outcome, node));
    return report(outcome.line());
  }

  private Behavior<Command> report(long line) {
    LineResult result = unreported.get(line);
    if (result == null) {
      return this;
    }
    getContext()
        .ask(
            Done.class,
            entity,
            REPORT_TIMEOUT,
            replyTo -> new ClusterJob.Report(result, replyTo),
            (done, failure) -> failure == null ? new Reported(line) : new Unanswered(line));
    return this;
  }

  private Behavior<Command> onReported(Reported reported) {
    if (unreported.remove(reported.line()) != null) {
      List<ActorRef<ConsumerController.Confirmed>> confirms = waiting.remove(reported.line());
      if (confirms != null) {
        confirms.forEach(confirmTo -> confirmTo.tell(ConsumerController.confirmed()));
      }
    }
    return this;
  }

  /** The job did not answer (it is moving to another node, say): report again, later. */
  private Behavior<Command> onUnanswered(Unanswered unanswered) {
    if (!finishing) {
      timers.startSingleTimer(
          "report-" + unanswered.line(), new RetryReport(unanswered.line()), REPORT_RETRY);
    }
    return this;
  }

  private Behavior<Command> onFinish() {
    finishing = true;
    cancellation.cancel("job " + job + " has ended");
    closeQueue();
    // Not launched yet: the launch under way opens the directory, so wait for it, then the
    // pipeline (its input closed, its token cancelled) ends at once and the directory is closed.
    return this;
  }

  private Behavior<Command> onPipelineDone(PipelineDone done) {
    done.output().close();
    return Behaviors.stopped();
  }

  private Behavior<Command> onStop() {
    cancellation.cancel("this node's part of job " + job + " stopped");
    closeQueue();
    return this;
  }

  private void closeQueue() {
    if (queueOpen) {
      queueOpen = false;
      queue.complete();
    }
  }
}
