package actors.bench;

import actors.pipeline.InputLine;
import actors.pipeline.Pipeline;
import actors.pipeline.OutputDir;
import actors.pipeline.PipelineSettings;
import actors.pipeline.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The download pipeline run several times in one JVM: how fast it is once warm, beside the
 * whole-process runs of the download benchmark. The difference between the first round and the
 * last is what JVM start-up, class loading and JIT compilation cost a single {@code actors
 * download}; the last rounds are the pipeline's steady state.
 *
 * <p>Usage: {@code WarmRounds LIST OUT ROUNDS}; prints one line per round (seconds, requests/s,
 * MB/s) and exits 1 if a round did not download every URL.
 */
public final class WarmRounds {

  private WarmRounds() {}

  public static void main(String[] args) throws Exception {
    long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    Path list = Path.of(args[0]);
    Path out = Path.of(args[1]);
    int rounds = Integer.parseInt(args[2]);
    long urls;
    try (Stream<String> lines = Files.lines(list)) {
      urls = lines.filter(line -> !line.isBlank()).count();
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "warm");
    System.out.printf(
        "actor system up %.2f s after JVM start%n",
        (System.currentTimeMillis() - jvmStart) / 1000.0);
    PipelineSettings settings = PipelineSettings.create(system.settings().config());
    int status = 0;
    for (int round = 1; round <= rounds; round++) {
      deleteTree(out);
      long start = System.nanoTime();
      Summary summary;
      try (OutputDir output = OutputDir.open(out, out.resolve("manifest.jsonl"))) {
        summary =
            Pipeline.start(system, InputLine.fromFile(list, 64 * 1024), settings, output)
                .done()
                .toCompletableFuture()
                .join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long ok = summary.count(actors.pipeline.Outcome.Status.OK);
      System.out.printf(
          "round %d: %.3f s, %,.0f req/s, %,.0f MB/s, %d ok of %d%n",
          round, seconds, urls / seconds, summary.bytes() / seconds / 1e6, ok, urls);
      if (ok != urls) {
        status = 1;
      }
    }
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
    System.exit(status);
  }

  /** Deletes {@code dir} and everything under it, if it exists (also ClientShootout's rounds). */
  static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }
}
