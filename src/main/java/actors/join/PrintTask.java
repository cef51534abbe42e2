package actors.join;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The chapter's task body: print one line, then stop (which is what a {@link JoinGroup} waits for).
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
   * Throws when started: a task that fails, as a panicking thread or an {@code Err} in a JoinSet.
   */
  public static Behavior<Void> failing(String reason) {
    return Behaviors.setup(
        context -> {
          throw new IllegalStateException(reason);
        });
  }
}
