package actors.demo;

import actors.counter.Counter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo: an increment that overflows fails its caller; supervision decides what the count becomes.
 */
public final class SupervisionDemo extends DemoSection {

  public SupervisionDemo() {
    super(
        "Poisoning -> supervision",
        "Rust: a panic poisons the Mutex, lock() returns Err, into_inner() | Go: no poisoning");
  }

  private static final Logger log = LoggerFactory.getLogger(SupervisionDemo.class);

  @Override
  public void run(DemoContext demo) throws Exception {
    log.info("overflowing two counters on purpose: the two warnings that follow are expected");
    show(demo, "resume", Counter.resumingOnOverflow());
    show(demo, "restart", Counter.restartingOnOverflow());
  }

  private static void show(DemoContext demo, String strategy, Behavior<Counter.Command> behavior)
      throws Exception {
    ActorRef<Counter.Command> counter = demo.spawn(behavior, "counter-" + strategy);
    StatusReply<Long> ok = demo.ask(counter, replyTo -> new Counter.Add(40, replyTo));
    StatusReply<Long> failed =
        demo.ask(counter, replyTo -> new Counter.Add(Long.MAX_VALUE, replyTo));
    long after = demo.ask(counter, Counter.Get::new);
    demo.say(
        "%-7s add 40 -> %d; add Long.MAX_VALUE -> error \"%s\"; next get -> %d",
        strategy, ok.getValue(), failed.getError().getMessage(), after);
  }
}
