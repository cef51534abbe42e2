package actors.jobs;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A short-lived actor that suspends the running jobs on shutdown and says when they all are: it
 * tells each {@link JobEntity.Suspend}, counts their answers (a job that stops instead counts too),
 * and answers {@code replyTo} when none is left or {@code timeout} has passed, then stops (Pekko's
 * spawn-and-join with a deadline, as in its {@code DeviceGroupQuery} tutorial).
 */
final class Suspension {

  private Suspension() {}

  private enum Timeout {
    INSTANCE
  }

  static Behavior<Object> create(
      Collection<ActorRef<JobEntity.Command>> jobs, Duration timeout, ActorRef<Done> replyTo) {
    List<ActorRef<JobEntity.Command>> waiting = List.copyOf(jobs);
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  if (waiting.isEmpty()) {
                    replyTo.tell(Done.getInstance());
                    return Behaviors.stopped();
                  }
                  ActorRef<Done> answers = context.getSelf().narrow();
                  for (ActorRef<JobEntity.Command> job : waiting) {
                    context.watchWith(job, Done.getInstance());
                    job.tell(new JobEntity.Suspend(answers));
                  }
                  timers.startSingleTimer(Timeout.INSTANCE, timeout);
                  return waitFor(waiting.size(), replyTo);
                }));
  }

  private static Behavior<Object> waitFor(int left, ActorRef<Done> replyTo) {
    return Behaviors.receiveMessage(
        message -> {
          if (message == Timeout.INSTANCE || left == 1) {
            replyTo.tell(Done.getInstance());
            return Behaviors.stopped();
          }
          return waitFor(left - 1, replyTo);
        });
  }
}
