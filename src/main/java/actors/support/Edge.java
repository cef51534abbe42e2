package actors.support;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function;

/**
 * Waiting for actors from code that is not an actor: a {@code main}, a demo script, a command. The
 * helper such code uses to block a thread on a reply, always with a deadline.
 *
 * <p>Inside the actor system nothing waits: actors ask with {@code context.ask} and a message
 * adapter, streams compose stages. (Go's equivalent of this class is a receive with a {@code
 * time.After} case; Rust's is {@code block_on(timeout(d, rx))}.)
 */
public final class Edge {

  private Edge() {}

  /**
   * The result of {@code stage}, waiting at most {@code timeout}; a failure is rethrown as it was,
   * not wrapped in an {@link ExecutionException}.
   */
  public static <T> T await(CompletionStage<T> stage, Duration timeout) throws Exception {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = Stages.cause(e.getCause() != null ? e.getCause() : e);
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw e;
    }
  }

  /**
   * Sends the message {@code request} makes for a temporary reply address to {@code target} and
   * waits at most {@code timeout} for the reply.
   */
  public static <Req, Res> Res ask(
      ActorRef<Req> target,
      Function<ActorRef<Res>, Req> request,
      Duration timeout,
      Scheduler scheduler)
      throws Exception {
    return await(AskPattern.ask(target, request, timeout, scheduler), timeout);
  }
}
