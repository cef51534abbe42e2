package actors.demo;

import actors.counter.Counter;
import actors.counter.CounterSettings;
import actors.counter.CounterWorker;
import actors.join.JoinGroup;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Demo: 4 threads x 10,000 increments of a mutex-guarded count, as 4 worker actors and a Counter
 * actor.
 */
public final class CounterDemo extends DemoSection {

  static final int WORKERS = 4;
  static final int INCREMENTS = 10_000;

  public CounterDemo() {
    super("Counter", "Go: sync.Mutex + count++ | Rust: Arc<Mutex<i32>>, 4 threads x 10,000");
  }

  @Override
  public void run(DemoContext demo) throws Exception {
    int window = CounterSettings.create(demo.system().settings().config()).workerWindow();
    ActorRef<Counter.Command> counter = demo.spawn(Counter.create(), "counter");

    Map<String, Behavior<?>> workers = new LinkedHashMap<>();
    for (int i = 1; i <= WORKERS; i++) {
      workers.put("worker-" + i, CounterWorker.create(counter, INCREMENTS, window));
    }
    demo.<JoinGroup.Joined>spawnAndAwait(
        replyTo -> JoinGroup.create(workers, replyTo), "counter-workers");

    long count = demo.ask(counter, Counter.Get::new);
    demo.say("count = %d", count);
    if (count != (long) WORKERS * INCREMENTS) {
      throw new IllegalStateException("expected " + WORKERS * INCREMENTS + ", counted " + count);
    }
  }
}
