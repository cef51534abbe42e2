package actors.app;

import actors.pipeline.InputLine;
import actors.pipeline.Pipeline;
import actors.pipeline.PipelineEvent;
import actors.pipeline.PipelineSettings;
import actors.pipeline.Progress;
import actors.pipeline.Summary;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code actors download}: the chapter's pipeline as a command, in the spirit of {@code curl
 * --parallel} and {@code aria2c -i}. Options override {@code actors.pipeline} in {@code
 * application.conf}.
 *
 * <p>Exit codes: 0 every URL ok, skipped or a duplicate; 1 any failed, cancelled or invalid; 2 a
 * usage error, reported before anything starts; 130 after SIGINT, once the downloads in flight are
 * cancelled and the manifest is complete.
 */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Download URLs concurrently: at most N requests in flight, per-attempt timeouts, retries with"
          + " backoff, atomic writes and a manifest with one JSON line per input line.",
      "Durations like 500ms, 5s, 2m; sizes like 512KiB, 10MB."
    })
final class DownloadCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "URL", description = "URLs to download (besides --input).")
  List<String> urls = new ArrayList<>();

  @Option(
      names = {"-i", "--input"},
      paramLabel = "FILE",
      description = "URLs one per line, - for stdin; blank lines and # comments are ignored.")
  String input;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "DIR",
      description = "Output directory (default: downloads).")
  Path out = Path.of("downloads");

  @Option(
      names = {"-p", "--parallelism"},
      paramLabel = "N",
      description = "Requests in flight at most (default: 64).")
  Integer parallelism;

  @Option(
      names = "--timeout",
      paramLabel = "DUR",
      converter = Units.DurationConverter.class,
      description = "Per attempt, whole response (default: 30s).")
  Duration timeout;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DUR",
      converter = Units.DurationConverter.class,
      description = "Establishing a connection (default: 10s).")
  Duration connectTimeout;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DUR",
      converter = Units.DurationConverter.class,
      description = "No body bytes for this long fails the attempt (default: 15s).")
  Duration idleTimeout;

  @Option(
      names = "--retries",
      paramLabel = "N",
      description = "Attempts after the first, for failures that can pass (default: 3).")
  Integer retries;

  @Option(
      names = "--backoff-min",
      paramLabel = "DUR",
      converter = Units.DurationConverter.class,
      description = "First retry delay, doubling each time (default: 200ms).")
  Duration backoffMin;

  @Option(
      names = "--backoff-max",
      paramLabel = "DUR",
      converter = Units.DurationConverter.class,
      description = "Longest retry delay; also caps Retry-After (default: 10s).")
  Duration backoffMax;

  @Option(
      names = "--deadline",
      paramLabel = "DUR",
      converter = Units.DurationConverter.class,
      description = "Cancel everything after this long (default: none).")
  Duration deadline;

  @Option(
      names = "--max-bytes",
      paramLabel = "SIZE",
      converter = Units.SizeConverter.class,
      description = "Largest body accepted (default: 1GiB).")
  Long maxBytes;

  @Option(
      names = "--max-redirects",
      paramLabel = "N",
      description = "Redirects followed per attempt (default: 5).")
  Integer maxRedirects;

  @Option(
      names = "--manifest",
      paramLabel = "FILE",
      description = "Manifest file (default: OUT/manifest.jsonl).")
  Path manifest;

  @Option(names = "--quiet", description = "No progress output; the summary line still shows.")
  boolean quiet;

  @Option(names = "--json", description = "Print the final summary as one JSON object on stdout.")
  boolean json;

  private final PrintStream stdout = System.out;
  private final PrintStream stderr = System.err;

  @Override
  public Integer call() throws Exception {
    Config config = ConfigFactory.load();
    PipelineSettings settings = settings(PipelineSettings.create(config));
    Source<InputLine, ?> lines = lines(settings);

    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "actors", config);
    long start = System.nanoTime();
    // A live line when a person watches, a log line every few seconds when a file or pipe does.
    boolean live = System.console() != null;
    ActorRef<Progress.Command> progress =
        system.systemActorOf(
            Progress.create(
                stderr, live, quiet, live ? Duration.ofSeconds(1) : Duration.ofSeconds(5), total()),
            "progress",
            Props.empty());
    ActorRef<PipelineEvent> events = ask(system, progress, Progress.GetListener::new);
    Pipeline.Running running =
        Pipeline.start(
            system,
            lines,
            settings,
            new Pipeline.Output(out, manifest != null ? manifest : out.resolve("manifest.jsonl")),
            events);
    if (deadline != null) {
      system
          .scheduler()
          .scheduleOnce(deadline, () -> running.cancel("deadline"), system.executionContext());
    }
    CompletableFuture<Done> reported = new CompletableFuture<>();
    CoordinatedShutdown.get(system.classicSystem())
        .addTask(
            CoordinatedShutdown.PhaseBeforeServiceUnbind(),
            "cancel-downloads",
            () -> {
              // SIGINT or SIGTERM: cancel, and let the JVM go only once the summary is out.
              running.cancel("interrupted");
              return reported;
            });

    Summary summary;
    try {
      summary = running.done().toCompletableFuture().get();
    } finally {
      reported.complete(Done.getInstance());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    Progress.Stats stats = ask(system, progress, Progress.GetStats::new);
    stderr.println(summary.line(millis, stats, settings.parallelism()));
    if (json) {
      stdout.println(summary.toJson(millis, stats, settings.parallelism()));
    }
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get();
    return summary.exitCode();
  }

  /**
   * How many URL lines there are, when that can be known without consuming the input: the
   * arguments, plus the lines of a regular file (counted in one streaming pass). Not for stdin.
   */
  private OptionalLong total() throws java.io.IOException {
    long count = urls.stream().filter(url -> !url.isBlank()).count();
    if (input == null) {
      return OptionalLong.of(count);
    }
    if (input.equals("-")) {
      return OptionalLong.empty();
    }
    try (java.util.stream.Stream<String> lines = Files.lines(Path.of(input))) {
      return OptionalLong.of(
          count + lines.map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).count());
    } catch (java.io.UncheckedIOException malformed) {
      return OptionalLong.empty(); // not UTF-8 text: the pipeline will report the lines
    }
  }

  private static <Req, Res> Res ask(
      ActorSystem<?> system, ActorRef<Req> target, Function<ActorRef<Res>, Req> request)
      throws Exception {
    return AskPattern.ask(target, request, Duration.ofSeconds(10), system.scheduler())
        .toCompletableFuture()
        .get();
  }

  private PipelineSettings settings(PipelineSettings fromConfig) {
    PipelineSettings s = fromConfig;
    if (parallelism != null) {
      require(parallelism >= 1, "--parallelism must be at least 1, got " + parallelism);
      s = s.withParallelism(parallelism);
    }
    if (retries != null) {
      require(retries >= 0, "--retries must be 0 or more, got " + retries);
      s = s.withRetries(retries);
    }
    if (maxRedirects != null) {
      require(maxRedirects >= 0, "--max-redirects must be 0 or more, got " + maxRedirects);
      s = s.withMaxRedirects(maxRedirects);
    }
    if (timeout != null) {
      require(!timeout.isZero(), "--timeout must be more than 0");
      s = s.withTimeout(timeout);
    }
    if (connectTimeout != null) {
      s = s.withConnectTimeout(connectTimeout);
    }
    if (idleTimeout != null) {
      require(!idleTimeout.isZero(), "--idle-timeout must be more than 0");
      s = s.withIdleTimeout(idleTimeout);
    }
    if (maxBytes != null) {
      s = s.withMaxBytes(maxBytes);
    }
    Duration min = backoffMin != null ? backoffMin : s.backoffMin();
    Duration max = backoffMax != null ? backoffMax : s.backoffMax();
    require(
        min.compareTo(max) <= 0,
        "--backoff-min ("
            + min.toMillis()
            + "ms) must not exceed --backoff-max ("
            + max.toMillis()
            + "ms)");
    return s.withBackoff(min, max);
  }

  /** The input lines: the URL arguments, then the input file; errors here are usage errors. */
  private Source<InputLine, ?> lines(PipelineSettings settings) {
    require(input != null || !urls.isEmpty(), "nothing to download: give URLs or --input FILE");
    Source<InputLine, NotUsed> fromArgs = InputLine.of(urls);
    if (input == null) {
      return fromArgs;
    }
    if (input.equals("-")) {
      return fromArgs.concat(
          InputLine.of(
              StreamConverters.fromInputStream(() -> System.in), settings.maxLineLength()));
    }
    Path file = Path.of(input);
    require(Files.isRegularFile(file), "--input " + input + ": no such file");
    require(Files.isReadable(file), "--input " + input + ": not readable");
    return fromArgs.concat(InputLine.fromFile(file, settings.maxLineLength()));
  }

  private void require(boolean condition, String message) {
    if (!condition) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }
}
