package actors.join;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.ActorInitializationException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Spawn and wait: Go's {@code sync.WaitGroup}, Rust's {@code JoinHandle::join} and tokio's {@code
 * JoinSet}, as a parent actor.
 *
 * <p>Owns one child per task and watches them all. A task is done when its actor stops: normally
 * ({@link Terminated}) or because it threw ({@link ChildFailed}, the analogue of {@code join()}
 * returning {@code Err} after a panic). When the last task has stopped the group sends one {@link
 * Joined} to {@code replyTo}, listing every task in the order it finished, and stops itself. No
 * message is ever sent before every task has stopped, which is the whole point of a join.
 *
 * <p>A failing task does not fail its siblings or the group: each failure is reported in its {@link
 * TaskEnded}, as {@code JoinSet::join_next} reports per-task errors. The group has no timeout of
 * its own; a caller that cannot wait forever asks with a timeout, or stops the group (which stops
 * the tasks, its children).
 */
public final class JoinGroup extends AbstractBehavior<Void> {

  /** Sent once, after every task has stopped. */
  public record Joined(List<TaskEnded> tasks) {
    public Joined {
      tasks = List.copyOf(tasks);
    }

    /** The tasks that stopped by throwing. */
    public List<TaskEnded> failures() {
      return tasks.stream().filter(t -> t.failure().isPresent()).toList();
    }
  }

  /** One task's outcome: {@code failure} is empty when the task stopped normally. */
  public record TaskEnded(String task, Optional<Throwable> failure) {}

  /**
   * A group that runs {@code tasks} (name to behaviour; names must be valid actor names) and tells
   * {@code replyTo} once all of them have stopped. An empty map joins at once.
   */
  public static Behavior<Void> create(
      Map<String, ? extends Behavior<?>> tasks, ActorRef<Joined> replyTo) {
    return Behaviors.setup(
        context -> {
          if (tasks.isEmpty()) {
            replyTo.tell(new Joined(List.of()));
            return Behaviors.stopped();
          }
          return new JoinGroup(context, tasks, replyTo);
        });
  }

  private final ActorRef<Joined> replyTo;
  private final Map<ActorRef<?>, String> running = new HashMap<>();
  private final List<TaskEnded> ended = new ArrayList<>();

  private JoinGroup(
      ActorContext<Void> context,
      Map<String, ? extends Behavior<?>> tasks,
      ActorRef<Joined> replyTo) {
    super(context);
    this.replyTo = replyTo;
    tasks.forEach(
        (name, task) -> {
          ActorRef<?> child = context.spawn(task, name);
          context.watch(child);
          running.put(child, name);
        });
  }

  @Override
  public Receive<Void> createReceive() {
    // ChildFailed is a Terminated: match it first.
    return newReceiveBuilder()
        .onSignal(ChildFailed.class, failed -> onEnded(failed.getRef(), Optional.of(cause(failed))))
        .onSignal(Terminated.class, stopped -> onEnded(stopped.getRef(), Optional.empty()))
        .build();
  }

  /** The task's own exception: a failure while starting comes wrapped by Pekko. */
  private static Throwable cause(ChildFailed failed) {
    Throwable cause = failed.cause();
    return cause instanceof ActorInitializationException && cause.getCause() != null
        ? cause.getCause()
        : cause;
  }

  private Behavior<Void> onEnded(ActorRef<?> task, Optional<Throwable> failure) {
    String name = running.remove(task);
    ended.add(new TaskEnded(name, failure));
    if (running.isEmpty()) {
      replyTo.tell(new Joined(ended));
      return Behaviors.stopped();
    }
    return this;
  }
}
