// One file of some 285 lines on purpose: the order of its steps (check, lock, start the actor
// system, take signals, start the pipeline, report) is what keeps a user's data safe; read in one
// place, it can be checked.
package actors.app;

import actors.pipeline.Cancellation;
import actors.pipeline.InputLine;
import actors.pipeline.OutputDir;
import actors.pipeline.OutputException;
import actors.pipeline.Pipeline;
import actors.pipeline.PipelineEvent;
import actors.pipeline.PipelineSettings;
import actors.pipeline.Summary;
import actors.support.Edge;
import actors.support.LocalSystems;
import actors.support.Stages;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Source;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code actors download}: the pipeline as a command, in the spirit of {@code curl --parallel} and
 * {@code aria2c -i}. The options for the keys of {@code actors.pipeline} are {@link
 * PipelineOptions}: their defaults come from {@code application.conf}, and the ones given are
 * layered over it.
 *
 * <p>Order matters for a user's data: the options and the input are checked, then the output
 * directory is opened and locked ({@link OutputDir}: a second run into it is refused at once), then
 * the actor system starts and SIGINT/SIGTERM are handled (cancel, complete the manifest, exit), and
 * only then does the pipeline touch the directory.
 *
 * <p>Exit codes: 0 every URL ok, skipped or a duplicate; 1 any failed, cancelled or invalid, or the
 * manifest could not be written; 2 a usage or setup error, reported before anything starts; 130
 * (143) after SIGINT (SIGTERM), once the downloads in flight are cancelled and the manifest is
 * complete.
 */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    defaultValueProvider = PipelineOptions.Defaults.class,
    description = {
      "Download URLs concurrently: at most N requests in flight, per-attempt timeouts, retries with"
          + " backoff, atomic writes and a manifest with one JSON line per input line.",
      "Durations like 500ms, 5s, 2m; sizes like 512KiB, 10MB. Defaults come from"
          + " actors.pipeline in application.conf."
    })
final class DownloadCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "URL", description = "URLs to download (besides --input).")
  List<String> urls = new ArrayList<>();

  @Option(
      names = {"-i", "--input"},
      order = 1,
      paramLabel = "FILE",
      description =
          "URLs one per line (a file, a pipe, - for stdin); blank lines and # comments are"
              + " ignored.")
  String input;

  @Option(
      names = {"-o", "--out"},
      order = 2,
      paramLabel = "DIR",
      description = "Output directory (default: downloads).")
  Path out = Path.of("downloads");

  // Orders 3 to 20: the actors.pipeline options (PipelineOptions); 40 on: CredentialOptions.
  @Option(
      names = "--deadline",
      order = 30,
      paramLabel = "DUR",
      converter = Units.DurationConverter.class,
      description = "Cancel everything after this long (default: none).")
  Duration deadline;

  @Option(
      names = "--manifest",
      order = 31,
      paramLabel = "FILE",
      description = "Manifest file (default: OUT/manifest.jsonl).")
  Path manifest;

  @Option(
      names = "--quiet",
      order = 32,
      description = "No progress output; the summary line still shows.")
  boolean quiet;

  @Option(
      names = "--json",
      order = 33,
      description = "Print the final summary as one JSON object on stdout.")
  boolean json;

  @Mixin CredentialOptions credentialOptions = new CredentialOptions();

  private final PrintStream stdout = System.out;
  private final PrintStream stderr = System.err;

  @Override
  public Integer call() throws Exception {
    Config config = ConfigFactory.load();
    PipelineSettings settings =
        PipelineOptions.settings(spec, config).withCredentials(credentialOptions.credentials(spec));
    if (deadline != null) {
      require(
          deadline.compareTo(Duration.ofMillis(1)) >= 0
              && deadline.compareTo(Duration.ofDays(30)) <= 0,
          "--deadline must be between 1ms and 30d");
    }
    require(input != null || !urls.isEmpty(), "nothing to download: give URLs or --input FILE");
    DownloadInput given = new DownloadInput(urls, input, settings.maxLineLength(), spec);
    // The run's cancellation token exists from here: a pipe as input ends when it is cancelled.
    Cancellation cancellation = new Cancellation();
    Source<InputLine, ?> lines = given.lines(cancellation);
    OptionalLong total = given.total();
    OutputDir output;
    try {
      output = OutputDir.open(out, manifest != null ? manifest : out.resolve("manifest.jsonl"));
    } catch (OutputException e) {
      stderr.println("actors download: " + e.getMessage());
      return 2;
    }
    // A signal before the pipeline starts (the actor system takes a second to start): the JVM
    // exits at once, and this hook leaves OUT as it was. Once the pipeline has started, the
    // signal cancels it instead (run), and the hook does nothing.
    AtomicInteger phase = new AtomicInteger(BEFORE_START);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (phase.compareAndSet(BEFORE_START, GAVE_UP)) {
                    output.close();
                  }
                },
                "release-output"));
    try (output) {
      return run(config, settings, lines, total, cancellation, output, phase);
    }
  }

  /**
   * The config of a download's actor system: {@code actors.app.download-system} (its dispatchers)
   * over {@code config}, the JVM's {@code -D} properties over both, with nothing to serialize
   * ({@link LocalSystems}).
   */
  static Config systemConfig(Config config) {
    return systemConfig(ConfigFactory.defaultOverrides(), config);
  }

  /**
   * {@link #systemConfig(Config)} with {@code overrides} standing for the {@code -D} properties.
   */
  static Config systemConfig(Config overrides, Config config) {
    return LocalSystems.config(
        overrides
            .withFallback(config.getConfig("actors.app.download-system"))
            .withFallback(config)
            .resolve());
  }

  private static final int BEFORE_START = 0;
  private static final int STARTED = 1;
  private static final int GAVE_UP = 2;

  private int run(
      Config config,
      PipelineSettings settings,
      Source<InputLine, ?> lines,
      OptionalLong total,
      Cancellation cancellation,
      OutputDir output,
      AtomicInteger phase)
      throws Exception {
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), "actors", systemConfig(config));
    // SIGINT or SIGTERM from here on: cancel, let the run complete its manifest, print the
    // summary, and only then let the JVM go. Registered before the pipeline touches anything.
    CompletableFuture<Done> reported = new CompletableFuture<>();
    CoordinatedShutdown.get(system.classicSystem())
        .addTask(
            CoordinatedShutdown.PhaseBeforeServiceUnbind(),
            "cancel-downloads",
            () -> {
              cancellation.cancel("interrupted");
              return reported;
            });
    try {
      Duration askTimeout = config.getDuration("actors.app.ask-timeout");
      long start = System.nanoTime();
      // A live line when a person watches, a log line every few seconds when a file or pipe does.
      boolean live = System.console() != null;
      ActorRef<ProgressDisplay.Command> progress =
          system.systemActorOf(
              ProgressDisplay.create(
                  stderr,
                  live,
                  quiet,
                  config.getDuration(
                      live ? "actors.app.live-progress-interval" : "actors.app.progress-interval"),
                  total,
                  settings.limitRate()),
              "progress",
              Props.empty());
      ActorRef<PipelineEvent> events =
          Edge.ask(progress, ProgressDisplay.GetListener::new, askTimeout, system.scheduler());
      if (deadline != null) {
        system
            .scheduler()
            .scheduleOnce(
                deadline, () -> cancellation.cancel("deadline"), system.executionContext());
      }
      if (!phase.compareAndSet(BEFORE_START, STARTED)) {
        return 1; // the JVM is exiting after a signal: start nothing
      }
      Pipeline.Running running;
      try {
        running = Pipeline.start(system, lines, settings, output, events, cancellation);
      } catch (OutputException e) {
        stderr.println("actors download: " + e.getMessage());
        return 2;
      }
      Summary summary;
      try {
        summary = running.done().toCompletableFuture().get();
      } catch (java.util.concurrent.ExecutionException e) {
        stderr.println(
            "actors download: the run stopped: " + Stages.cause(e.getCause()).getMessage());
        return 1;
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      Summary.InFlight inFlight =
          Edge.ask(progress, ProgressDisplay.GetStats::new, askTimeout, system.scheduler());
      SummaryReport report = new SummaryReport(summary, millis, inFlight, settings.parallelism());
      stderr.println(report.line());
      report.failedLines(output.manifest()).forEach(stderr::println);
      summary.problem().ifPresent(problem -> stderr.println("actors download: " + problem));
      if (json) {
        stdout.println(report.json());
      }
      return summary.exitCode();
    } finally {
      output.close(); // before `reported`: after a signal the JVM may exit right after it
      reported.complete(Done.getInstance());
      system.terminate();
      try { // a read of stdin that never returns keeps its stream from stopping: do not wait it out
        Edge.await(system.getWhenTerminated(), config.getDuration("actors.app.terminate-timeout"));
      } catch (java.util.concurrent.TimeoutException stillReading) {
        // The JVM exits next: that ends the read.
      }
    }
  }

  private void require(boolean condition, String message) {
    if (!condition) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }
}
