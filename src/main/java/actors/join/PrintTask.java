package actors.join;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A task body, the {@code func} given to {@code go} or {@code thread::spawn}: print one line, then
 * stop (which is what a {@link JoinGroup} waits for).
 */
public final class PrintTask {

  private PrintTask() {}

  /** Prints {@code line} to {@code out} when started, then stops. */
  public static Behavior<Void> create(String line, Consumer<String> out) {
    return Behaviors.setup(
        context -> {
          out.accept(line);
          return Behaviors.stopped();
        });
  }

  /**
   * Throws as soon as it runs: a task that fails, as a panicking thread or an {@code Err} in a
   * JoinSet. (It fails on its first message, not while starting: a failure while starting is not
   * reported to the parent as {@code ChildFailed} when a supervisor stops the actor.)
   */
  public static Behavior<String> failing(String reason) {
    return Behaviors.setup(
        context -> {
          context.getSelf().tell(reason);
          return Behaviors.receiveMessage(
              message -> {
                throw new IllegalStateException(message);
              });
        });
  }
}
