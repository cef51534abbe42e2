package actors.cancel;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.RunnableGraph;

/**
 * tokio's {@code JoinHandle::abort}, the actor way: an actor that runs a stream bound to its own
 * life. The stream is materialized with {@link Materializer#createMaterializer} on the actor's
 * context, so when the actor stops (stopped by its parent, by {@code context.stop}, or because it
 * failed) Pekko aborts the stream: stopping the actor is the abort. No handle to keep, no cleanup
 * to forget.
 */
public final class StreamOwner {

  private StreamOwner() {}

  /** Runs {@code stream} for as long as this actor lives; the actor takes no messages. */
  public static Behavior<Void> create(RunnableGraph<?> stream) {
    return Behaviors.setup(
        context -> {
          stream.run(Materializer.createMaterializer(context));
          return Behaviors.empty();
        });
  }
}
