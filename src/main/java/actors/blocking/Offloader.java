package actors.blocking;

import actors.support.Stages;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.StatusReply;

/**
 * Runs blocking or CPU-heavy jobs off the default dispatcher: tokio's {@code spawn_blocking}, or a
 * rayon pool, for actors.
 *
 * <p>The actor itself never blocks. Each {@link Run} starts its job on the executor of a dedicated
 * dispatcher ({@code actors.blocking.dispatcher} in {@code application.conf}) and goes on with the
 * next message; the job's result comes back to this actor as a message ({@code pipeToSelf}) and is
 * forwarded to the caller, so actor state is only ever touched by the actor. The default
 * dispatcher's threads, which every other actor shares, stay free however long the jobs take.
 *
 * <p>Ordering: jobs run concurrently, up to the dispatcher's pool size; replies arrive in
 * completion order, not request order. Failure: a job that throws is answered with {@link
 * StatusReply#error} carrying the exception; the Offloader itself keeps going. Overload: jobs
 * beyond the pool size wait in the dispatcher's queue (unbounded); bound the callers if that
 * matters.
 */
public final class Offloader extends AbstractBehavior<Offloader.Command> {

  /** The Offloader's protocol. */
  public sealed interface Command {}

  /** Runs {@code job} off the default dispatcher and replies with its result or failure. */
  public record Run<T>(Callable<T> job, ActorRef<StatusReply<T>> replyTo) implements Command {}

  private record Finished<T>(Run<T> run, T result, Throwable failure) implements Command {}

  /** An Offloader whose jobs run on the dispatcher configured at {@code actors.blocking}. */
  public static Behavior<Command> create() {
    return Behaviors.setup(
        context ->
            new Offloader(
                context,
                BlockingSettings.create(context.getSystem().settings().config()).dispatcher()));
  }

  /** An Offloader whose jobs run on {@code dispatcher}. */
  public static Behavior<Command> create(DispatcherSelector dispatcher) {
    return Behaviors.setup(context -> new Offloader(context, dispatcher));
  }

  private final Executor executor;

  private Offloader(ActorContext<Command> context, DispatcherSelector dispatcher) {
    super(context);
    this.executor = context.getSystem().dispatchers().lookup(dispatcher);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Run.class, this::onRun)
        .onMessage(Finished.class, this::onFinished)
        .build();
  }

  private Behavior<Command> onRun(Run<?> run) {
    start(run);
    return this;
  }

  private <T> void start(Run<T> run) {
    CompletableFuture<T> result =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return run.job().call();
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            },
            executor);
    getContext().pipeToSelf(result, (value, failure) -> new Finished<>(run, value, failure));
  }

  private Behavior<Command> onFinished(Finished<?> finished) {
    reply(finished);
    return this;
  }

  private <T> void reply(Finished<T> finished) {
    if (finished.failure() == null) {
      finished.run().replyTo().tell(StatusReply.success(finished.result()));
    } else {
      Throwable cause = Stages.cause(finished.failure());
      getContext().getLog().debug("blocking job failed", cause);
      finished.run().replyTo().tell(StatusReply.error(cause));
    }
  }
}
