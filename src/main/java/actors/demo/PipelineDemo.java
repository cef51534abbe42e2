package actors.demo;

import actors.pipeline.Cancellation;
import actors.pipeline.InputLine;
import actors.pipeline.Outcome;
import actors.pipeline.OutputDir;
import actors.pipeline.Pipeline;
import actors.pipeline.PipelineEvent;
import actors.pipeline.PipelineSettings;
import actors.pipeline.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Demo: the end-to-end example (Go: a worker pool and {@code context.WithTimeout}; Rust: {@code
 * mpsc(100)}, a {@code Semaphore(64)} and a {@code CancellationToken}). URLs are produced into a
 * bounded buffer, downloaded with at most 64 in flight, and stored; the consumer prints each URL it
 * stores; after 2 s everything still running is cancelled, cleanly. Served by an embedded server:
 * no internet needed.
 */
public final class PipelineDemo extends DemoSection {

  private static final int FAST = 24;
  private static final int SLOW = 8;

  public PipelineDemo() {
    super(
        "Download pipeline: produce -> download (64 in flight) -> store, cancel after 2 s",
        "Go: worker pool + context.WithTimeout | Rust: mpsc(100) + Semaphore(64) + CancellationToken");
  }

  @Override
  public void run(DemoContext demo) throws Exception {
    Path out = Files.createTempDirectory("actors-demo-downloads-");
    try (LocalFileServer server = demo.await(LocalFileServer.start(demo.system()))) {
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < FAST + SLOW; i++) {
        boolean slow = i % 4 == 3; // every fourth file takes 10 s: the cancel will catch those
        urls.add(
            server.url(
                "file-" + i, 4096, slow ? Duration.ofSeconds(10) : Duration.ofMillis(20 * i)));
      }
      String prefix = urls.get(0).substring(0, urls.get(0).indexOf("/files/"));
      ActorRef<PipelineEvent> consumer =
          demo.spawn(
              Behaviors.<PipelineEvent>receiveMessage(
                  event -> {
                    if (event instanceof PipelineEvent.Finished finished
                        && finished.outcome().status() == Outcome.Status.OK) {
                      demo.say(
                          "stored %s",
                          finished
                              .outcome()
                              .url()
                              .substring(prefix.length())
                              .replaceAll("[?].*", ""));
                    }
                    return Behaviors.same();
                  }),
              "pipeline-consumer");
      PipelineSettings settings = PipelineSettings.create(demo.system().settings().config());
      OutputDir output = OutputDir.open(out, out.resolve("manifest.jsonl"));
      Pipeline.Running running =
          Pipeline.start(
              demo.system(), InputLine.of(urls), settings, output, consumer, new Cancellation());
      demo.system()
          .scheduler()
          .scheduleOnce(
              Duration.ofSeconds(2),
              () -> running.cancel("demo deadline"),
              demo.system().executionContext());
      Summary summary;
      try (output) {
        summary = demo.await(running.done());
      }
      demo.say(
          "cancel after 2 s: %d stored, %d cancelled; %d files and the manifest in the output,"
              + " nothing partial",
          summary.count(Outcome.Status.OK),
          summary.count(Outcome.Status.CANCELLED),
          countBodies(out));
    } finally {
      deleteTree(out);
    }
  }

  /** Regular files but the manifest and the index ({@code manifest.index.jsonl}). */
  private static long countBodies(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(file -> file.getFileName().toString())
          .filter(name -> !name.matches("manifest.*\\.jsonl"))
          .count();
    }
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
