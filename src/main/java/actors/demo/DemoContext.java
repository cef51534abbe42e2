package actors.demo;

import actors.support.Edge;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function;

/**
 * What a demo section runs with: the actor system, stdout, and blocking helpers to spawn and ask.
 *
 * <p>A demo is a script read top to bottom, running on the main thread at the edge of the actor
 * system, so it may wait for replies; every wait is bounded by {@code timeout}. Actors never use
 * these helpers: inside the system, ask with {@code context.ask} and a message adapter instead.
 */
public record DemoContext(
    ActorSystem<SpawnProtocol.Command> system, PrintStream out, Duration timeout) {

  /** Prints one line of the section's narration. */
  public void say(String format, Object... args) {
    out.println("  " + String.format(format, args));
  }

  /**
   * Spawns {@code behavior} as a top-level actor (a unique suffix is added if the name is taken).
   */
  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) throws Exception {
    return spawn(behavior, name, Props.empty());
  }

  /** Spawns {@code behavior} with {@code props} (a mailbox, a dispatcher) as a top-level actor. */
  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name, Props props) throws Exception {
    return Edge.ask(
        system,
        replyTo -> new SpawnProtocol.Spawn<>(behavior, name, props, replyTo),
        timeout,
        system.scheduler());
  }

  /** Sends the message made by {@code request} to {@code target} and waits for the reply. */
  public <Req, Res> Res ask(ActorRef<Req> target, Function<ActorRef<Res>, Req> request)
      throws Exception {
    return Edge.ask(target, request, timeout, system.scheduler());
  }

  /** Sends the message made by {@code request} to {@code target}; the reply completes the stage. */
  public <Req, Res> CompletionStage<Res> askLater(
      ActorRef<Req> target, Function<ActorRef<Res>, Req> request) {
    return AskPattern.ask(target, request, timeout, system.scheduler());
  }

  /**
   * Spawns the actor made by {@code behavior} for a reply address, and waits for its one reply: how
   * the edge runs a short-lived actor such as a join group.
   */
  public <Res> Res spawnAndAwait(Function<ActorRef<Res>, Behavior<?>> behavior, String name)
      throws Exception {
    return Edge.<SpawnProtocol.Command, Res>ask(
        system,
        replyTo ->
            new SpawnProtocol.Spawn<>(
                behavior.apply(replyTo), name, Props.empty(), system.ignoreRef()),
        timeout,
        system.scheduler());
  }

  /** Waits at most {@code timeout} for {@code reply}. */
  public <T> T await(CompletionStage<T> reply) throws Exception {
    return Edge.await(reply, timeout);
  }
}
