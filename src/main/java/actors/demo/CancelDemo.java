package actors.demo;

import actors.cancel.CancellationToken;
import actors.cancel.DeadlineConsumer;
import actors.cancel.Producers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/** Demo: a producer every 300 ms, a 1 s deadline, a token; then child tokens, timeouts. */
public final class CancelDemo extends DemoSection {

  public CancelDemo() {
    super(
        "Cancellation and timeouts",
        "Go: context.WithCancel / WithTimeout | Rust: CancellationToken, child_token, timeout");
  }

  @Override
  public void run(DemoContext demo) throws Exception {
    long start = System.nanoTime();
    demo.<Done>spawnAndAwait(replyTo -> narrator(demo, start, replyTo), "deadline-narrator");

    CancellationToken parent = CancellationToken.create("parent");
    Materializer materializer = Materializer.matFromSystem(demo.system());
    List<CompletionStage<Done>> children =
        List.of(
            Source.repeat(1).via(parent.child("a").flow()).runWith(Sink.ignore(), materializer),
            Source.repeat(1).via(parent.child("b").flow()).runWith(Sink.ignore(), materializer));
    parent.cancel();
    for (CompletionStage<Done> child : children) {
      demo.await(child);
    }
    demo.say("parent token cancelled: both child streams stopped");

    ActorRef<String> silent = demo.spawn(Behaviors.ignore(), "silent");
    CompletionStage<Object> reply =
        AskPattern.ask(
            silent, replyTo -> "hello?", Duration.ofMillis(200), demo.system().scheduler());
    Throwable timeout = reply.handle((ok, e) -> e).toCompletableFuture().join();
    demo.say("ask an actor that never replies, 200 ms timeout: %s", timeout.getClass().getName());
  }

  /** Runs the deadline consumer and prints its events, then tells {@code done}. */
  private static Behavior<DeadlineConsumer.Event> narrator(
      DemoContext demo, long start, ActorRef<Done> done) {
    return Behaviors.setup(
        context -> {
          Source<Integer, ?> producer = Producers.every(Duration.ofMillis(300), 10);
          context.spawn(
              DeadlineConsumer.create(producer, Duration.ofSeconds(1), context.getSelf()),
              "consumer");
          return Behaviors.receiveMessage(
              event -> {
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (event instanceof DeadlineConsumer.Received received) {
                  demo.say("%4d ms  %d", ms, received.value());
                } else if (event instanceof DeadlineConsumer.DeadlinePassed) {
                  demo.say("%4d ms  timeout: token.cancel()", ms);
                } else if (event instanceof DeadlineConsumer.Ended) {
                  demo.say("%4d ms  producer stopped, nothing left running", ms);
                  done.tell(Done.getInstance());
                  return Behaviors.stopped();
                }
                return Behaviors.same();
              });
        });
  }
}
