package actors.demo;

import actors.join.JoinGroup;
import actors.join.PrintTask;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;

/** Demo: two actors print A and B, the caller goes on only after both stopped; then a JoinSet. */
public final class JoinDemo extends DemoSection {

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
    mixed.put("broken", PrintTask.failing("simulated failure"));
    mixed.put("ok-2", PrintTask.create("ok-2 done", line -> {}));
    JoinGroup.Joined outcomes =
        demo.spawnAndAwait(replyTo -> JoinGroup.create(mixed, replyTo), "join-set");
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
