package actors.jobs;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * At most {@code maxRunning} jobs run at once; the others wait in the order they asked (Go's
 * buffered channel used as a semaphore, Rust's {@code tokio::sync::Semaphore}, as a queue in one
 * actor). A job asks for a slot with {@link Request} and is told {@link JobEntity.SlotGranted}; it
 * gives the slot back with {@link Release}, or leaves the queue with {@link Withdraw}.
 *
 * <p>A job that stops without giving its slot back (its actor failed) would hold it forever, so
 * running jobs are watched and their slot freed when they stop. On shutdown, {@link SuspendAll}
 * grants nothing more and tells each running job to stop where it is ({@link JobEntity.Suspend}),
 * answering once every one has completed its manifest, or after the timeout.
 */
public final class JobScheduler extends AbstractBehavior<JobScheduler.Command> {

  public sealed interface Command {}

  public record Request(String id, ActorRef<JobEntity.Command> job) implements Command {}

  public record Release(String id) implements Command {}

  public record Withdraw(String id) implements Command {}

  public record SuspendAll(Duration timeout, ActorRef<Done> replyTo) implements Command {}

  private record Stopped(String id, ActorRef<JobEntity.Command> job) implements Command {}

  private final int maxRunning;
  private final JobMetrics metrics;
  private final Deque<Request> queue = new ArrayDeque<>();
  private final Map<String, ActorRef<JobEntity.Command>> running = new LinkedHashMap<>();
  private boolean suspended;

  public static Behavior<Command> create(int maxRunning, JobMetrics metrics) {
    return Behaviors.setup(context -> new JobScheduler(context, maxRunning, metrics));
  }

  private JobScheduler(ActorContext<Command> context, int maxRunning, JobMetrics metrics) {
    super(context);
    this.maxRunning = maxRunning;
    this.metrics = metrics;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Request.class, this::onRequest)
        .onMessage(Release.class, release -> free(release.id()))
        .onMessage(Withdraw.class, this::onWithdraw)
        .onMessage(Stopped.class, stopped -> free(stopped.id()))
        .onMessage(SuspendAll.class, this::onSuspendAll)
        .build();
  }

  private Behavior<Command> onRequest(Request request) {
    if (running.containsKey(request.id())
        || queue.stream().anyMatch(q -> q.id().equals(request.id()))) {
      return this; // asked twice (a job woken while it waits): one place is enough
    }
    queue.addLast(request);
    grant();
    return this;
  }

  private Behavior<Command> onWithdraw(Withdraw withdraw) {
    queue.removeIf(request -> request.id().equals(withdraw.id()));
    return free(withdraw.id());
  }

  private Behavior<Command> free(String id) {
    ActorRef<JobEntity.Command> job = running.remove(id);
    if (job != null) {
      getContext().unwatch(job);
    }
    grant();
    return this;
  }

  private void grant() {
    while (!suspended && running.size() < maxRunning && !queue.isEmpty()) {
      Request next = queue.removeFirst();
      running.put(next.id(), next.job());
      getContext().watchWith(next.job(), new Stopped(next.id(), next.job()));
      next.job().tell(JobEntity.SlotGranted.INSTANCE);
    }
    metrics.slots(queue.size(), running.size());
  }

  private Behavior<Command> onSuspendAll(SuspendAll suspend) {
    suspended = true;
    getContext()
        .spawnAnonymous(Suspension.create(running.values(), suspend.timeout(), suspend.replyTo()));
    return this;
  }
}
