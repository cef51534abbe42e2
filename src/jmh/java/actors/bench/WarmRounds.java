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
 * MB/s, the JVM's CPU seconds) and exits 1 if a round did not download every URL. With {@code
 * -Dbench.between=COMMAND}, a peer's run follows each round ({@link #between}).
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
      long cpu = processCpuNanos();
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
          java.util.Locale.ROOT,
          "round %d: %.3f s, %,.0f req/s, %,.0f MB/s, %d ok of %d, %.2f CPU-s%n",
          round,
          seconds,
          urls / seconds,
          summary.bytes() / seconds / 1e6,
          ok,
          urls,
          (processCpuNanos() - cpu) / 1e9);
      between(round);
      if (ok != urls) {
        status = 1;
      }
    }
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
    System.exit(status);
  }

  /** This JVM's CPU time so far, every thread's, in nanoseconds. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Runs {@code -Dbench.between=COMMAND} (with {@code bash -c}, its output discarded) after round
   * {@code round} and prints how long it took: another client's whole run right after each of ours,
   * so that every round has its peer measured the moment after it, when the machine is the same
   * (the rounds wait for it; nothing of ours runs meanwhile). Then {@code
   * -Dbench.between.after=COMMAND}, untimed: where the peer's files are deleted.
   */
  static void between(int round) throws java.io.IOException, InterruptedException {
    String command = System.getProperty("bench.between");
    if (command == null) {
      return;
    }
    long start = System.nanoTime();
    int status =
        new ProcessBuilder("bash", "-c", command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor();
    System.out.printf(
        java.util.Locale.ROOT,
        "between %d: %.3f s%s%n",
        round, (System.nanoTime() - start) / 1e9, status == 0 ? "" : ", exit " + status);
    String after = System.getProperty("bench.between.after"); // cleaning up, untimed
    if (after != null) {
      new ProcessBuilder("bash", "-c", after).inheritIO().start().waitFor();
    }
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
