package actors.demo;

import actors.join.JoinGroup;
import actors.join.PrintTask;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Demo: two actors print A and B, the caller goes on only after both stopped; then a JoinSet. */
public final class JoinDemo extends DemoSection {

  private static final Logger log = LoggerFactory.getLogger(JoinDemo.class);

  public JoinDemo() {
    super("Spawn and join", "Go: go + sync.WaitGroup | Rust: thread::spawn + join, tokio JoinSet");
  }

  @Override
  public void run(DemoContext demo) throws Exception {
    Map<String, Behavior<?>> tasks = new LinkedHashMap<>();
    tasks.put("A", PrintTask.create("A", demo::say));
    tasks.put("B", PrintTask.create("B", demo::say));
    JoinGroup.Joined joined =
        demo.spawnAndAwait(replyTo -> JoinGroup.create(tasks, replyTo), "join-a-b");
    demo.say("joined %d tasks: the parent continues only now", joined.tasks().size());

    Map<String, Behavior<?>> mixed = new LinkedHashMap<>();
    mixed.put("ok-1", PrintTask.create("ok-1 done", line -> {}));
    // Fails on purpose: the supervisor's log (a stack trace) is off, the demo says it instead.
    mixed.put(
        "broken",
        Behaviors.supervise(PrintTask.failing("simulated failure"))
            .onFailure(SupervisorStrategy.stop().withLoggingEnabled(false)));
    mixed.put("ok-2", PrintTask.create("ok-2 done", line -> {}));
    JoinGroup.Joined outcomes =
        demo.spawnAndAwait(replyTo -> JoinGroup.create(mixed, replyTo), "join-set");
    outcomes
        .failures()
        .forEach(
            task ->
                log.info(
                    "task {} failed, as this demo intends: {}",
                    task.task(),
                    task.failure().map(Throwable::getMessage).orElse("")));
    for (JoinGroup.TaskEnded task : outcomes.tasks()) {
      demo.say(
          "%-6s %s",
          task.task(), task.failure().map(e -> "failed: " + e.getMessage()).orElse("ok"));
    }
    demo.say(
        "JoinSet: %d of %d tasks failed, each reported on its own, none fatal to the rest",
        outcomes.failures().size(), outcomes.tasks().size());
  }
}
