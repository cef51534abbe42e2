package actors.app;

import actors.demo.BackpressureDemo;
import actors.demo.BlockingDemo;
import actors.demo.CacheDemo;
import actors.demo.CancelDemo;
import actors.demo.ChannelsDemo;
import actors.demo.CounterDemo;
import actors.demo.DemoContext;
import actors.demo.DemoSection;
import actors.demo.JoinDemo;
import actors.demo.PipelineDemo;
import actors.demo.SelectDemo;
import actors.demo.SupervisionDemo;
import actors.support.LocalSystems;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import picocli.CommandLine.Command;

/**
 * {@code actors demo}: runs every pattern implemented so far, from spawn-and-join to the download
 * pipeline, offline, and narrates each on stdout (logs go to stderr). Exits 0 when every section
 * did what it should, 1 otherwise; a failing section does not stop the ones after it.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Walk through every concurrency pattern, as actors and streams (offline).")
final class DemoCommand implements Callable<Integer> {

  /** Every section, simplest first. A new capability adds its section here (and to the README). */
  static List<DemoSection> sections() {
    return List.of(
        new JoinDemo(),
        new CounterDemo(),
        new SupervisionDemo(),
        new BlockingDemo(),
        new CacheDemo(),
        new ChannelsDemo(),
        new SelectDemo(),
        new BackpressureDemo(),
        new CancelDemo(),
        new PipelineDemo());
  }

  private final PrintStream out = System.out;

  @Override
  public Integer call() {
    ActorSystem<SpawnProtocol.Command> system =
        ActorSystem.create(SpawnProtocol.create(), "actors", LocalSystems.config());
    Duration timeout = system.settings().config().getDuration("actors.demo.section-timeout");
    DemoContext demo = new DemoContext(system, out, timeout);
    int failed = 0;
    try {
      List<DemoSection> sections = sections();
      for (int i = 0; i < sections.size(); i++) {
        DemoSection section = sections.get(i);
        out.printf("%n== %d. %s ==%n   (%s)%n", i + 1, section.title(), section.replaces());
        try {
          section.run(demo);
        } catch (Exception e) {
          failed++;
          Throwable cause =
              e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
          out.printf("  FAILED: %s%n", cause);
        }
      }
    } finally {
      system.terminate();
      awaitTermination(system, timeout);
    }
    out.printf("%n%s%n", failed == 0 ? "All sections done." : failed + " section(s) failed.");
    return failed == 0 ? 0 : 1;
  }

  private static void awaitTermination(ActorSystem<?> system, Duration timeout) {
    try {
      system
          .getWhenTerminated()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      System.err.println("actor system did not terminate within " + timeout + ": " + e);
    }
  }
}
