package actors.pipeline;

import static actors.Futures.await;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;

/** Runs of the pipeline for tests: settings layered over the config, and the manifest read back. */
final class Downloads {

  private Downloads() {}

  /**
   * Quick retries and short timeouts (faults are local and immediate), then {@code keyValues}
   * ({@code "timeout", "300ms", "retries", 1}) layered over them, as the command line does.
   */
  static PipelineSettings settings(ActorSystem<?> system, Object... keyValues) {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("parallelism", 8);
    overrides.put("backoff-min", "10ms");
    overrides.put("backoff-max", "100ms");
    overrides.put("timeout", "5s");
    overrides.put("idle-timeout", "1s");
    overrides.put("retries", 2);
    for (int i = 0; i < keyValues.length; i += 2) {
      overrides.put((String) keyValues[i], keyValues[i + 1]);
    }
    Map<String, Object> keyed = new HashMap<>();
    overrides.forEach((name, value) -> keyed.put(PipelineSettings.key(name), value));
    return PipelineSettings.create(
        ConfigFactory.parseMap(keyed).withFallback(system.settings().config()));
  }

  /** What a run left: its summary, its manifest, its directory. */
  record Result(Summary summary, List<Outcome> manifest, Path dir) {
    Outcome entryFor(String url) {
      return manifest.stream()
          .filter(e -> e.url().equals(url))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no manifest line for " + url));
    }
  }

  /** Downloads {@code urls} into {@code out} with {@link #settings}, and waits for the end. */
  static Result run(ActorSystem<?> system, List<String> urls, Path out) throws Exception {
    return run(system, settings(system), urls, out);
  }

  /** Downloads {@code urls} into {@code out} and waits for the run to end. */
  static Result run(ActorSystem<?> system, PipelineSettings settings, List<String> urls, Path out)
      throws Exception {
    try (OutputDir output = OutputDir.open(out, out.resolve("manifest.jsonl"))) {
      Summary summary = await(Pipeline.start(system, InputLine.of(urls), settings, output).done());
      return new Result(summary, ManifestCodec.readAll(output.manifest()), out);
    }
  }

  /** The bodies in {@code dir}: every regular file but the manifest and the index. */
  static List<Path> bodiesIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().matches("manifest.*\\.jsonl"))
          .toList();
    }
  }

  /** Every regular file in {@code dir}, by name relative to it. */
  static List<String> filesIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> dir.relativize(f).toString())
          .sorted()
          .toList();
    }
  }
}
