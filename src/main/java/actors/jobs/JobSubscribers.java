package actors.jobs;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Who follows one job's progress ({@code GET /jobs/ID/events}), for the job's entity on one node
 * ({@link JobEntity}) or on a cluster ({@link ClusterJob}): each subscriber gets the job at once,
 * then at most one update per tick while something changed, then the last one. A subscriber that
 * stops (its client went away) is watched and forgotten. Touched only by the entity that owns it,
 * one message at a time.
 */
final class JobSubscribers {

  private final Set<ActorRef<JobEntity.Update>> subscribers = new HashSet<>();
  private boolean changed;

  /**
   * Sends {@code subscriber} the job as it is; unless that was the last update, keeps it and has
   * {@code context} watch it, with {@code gone} as the message when it stops.
   */
  <C> void subscribe(
      ActorContext<C> context,
      ActorRef<JobEntity.Update> subscriber,
      JobView view,
      boolean last,
      C gone) {
    subscriber.tell(new JobEntity.Update(view, last));
    if (!last) {
      subscribers.add(subscriber);
      context.watchWith(subscriber, gone);
    }
  }

  void remove(ActorRef<JobEntity.Update> subscriber) {
    subscribers.remove(subscriber);
  }

  /** Something changed: the next {@link #publish} sends an update. */
  void changed() {
    changed = true;
  }

  /** On a tick: the job, if it changed since the last one and someone listens. */
  void publish(Supplier<JobView> view) {
    if (changed && !subscribers.isEmpty()) {
      JobEntity.Update update = new JobEntity.Update(view.get(), false);
      subscribers.forEach(subscriber -> subscriber.tell(update));
    }
    changed = false;
  }

  /** The last update (the job ended, or this node stops serving it); every subscriber is done. */
  void last(JobView view) {
    JobEntity.Update last = new JobEntity.Update(view, true);
    subscribers.forEach(subscriber -> subscriber.tell(last));
    subscribers.clear();
  }
}
