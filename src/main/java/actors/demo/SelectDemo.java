package actors.demo;

import actors.select.Selector;
import actors.select.StreamSelect;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Demo: Go's {@code select} / Rust's {@code select!} (a receive, a send, a timeout) in an actor and
 * in a stream.
 */
public final class SelectDemo extends DemoSection {

  private static final Duration TIMEOUT = Duration.ofMillis(300);

  public SelectDemo() {
    super(
        "Select",
        "Go: select { case <-ch1; case ch2 <- 42; case <-time.After } | Rust: select!, default");
  }

  @Override
  public void run(DemoContext demo) throws Exception {
    ActorRef<Selector.Command> selector = demo.spawn(Selector.create(), "selector");
    selector.tell(new Selector.Received("ch1", 7));
    demo.say("actor:  %s", select(demo, selector));
    demo.say(
        "actor:  %s (nothing arrived within %d ms)", select(demo, selector), TIMEOUT.toMillis());
    selector.tell(new Selector.Send("ch2", 42, CompletableFuture.completedFuture("sent")));
    demo.say("actor:  %s", select(demo, selector));
    demo.say("actor:  %s (crossbeam's default)", demo.ask(selector, Selector.TrySelect::new));

    Map<String, Source<Integer, ?>> branches = new LinkedHashMap<>();
    branches.put("ch1", Source.from(List.of(1, 2, 3)));
    branches.put("ch2", Source.from(List.of(100, 101)));
    Materializer materializer = Materializer.matFromSystem(demo.system());
    StreamSelect.FirstOf<Integer> first =
        demo.await(StreamSelect.first(branches, TIMEOUT, materializer));
    List<StreamSelect.Tagged<Integer>> rest =
        demo.await(
            first.rest().takeWhile(t -> t.value().isPresent()).runWith(Sink.seq(), materializer));
    demo.say(
        "stream: %s won with %s; the %d others stayed in the tail, none lost",
        first.winner().branch(), first.winner().value().orElseThrow(), rest.size());
  }

  private static Selector.Selected select(DemoContext demo, ActorRef<Selector.Command> selector)
      throws Exception {
    return demo.ask(selector, replyTo -> new Selector.Select(TIMEOUT, replyTo));
  }
}
