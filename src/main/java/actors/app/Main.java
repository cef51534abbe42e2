package actors.app;

import actors.support.Sha256;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code actors} command line: {@code demo} walks through every pattern, {@code download} is
 * the concurrent downloader. With no subcommand it runs the demo.
 *
 * <p>Exit codes follow picocli and curl-like tools: 0 success, 1 a run that failed, 2 a usage error
 * (unknown option, bad value), reported before any actor system starts, 3 a fatal JVM error (out of
 * memory). A usage error prints one line and where to look ({@code --help}), not the whole help; an
 * unexpected exception prints one line (its stack trace at debug level), never a stack trace.
 */
@Command(
    name = "actors",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Classic concurrency patterns as Apache Pekko actors and streams.")
public final class Main implements Callable<Integer> {

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) throws InterruptedException {
    exitOnFatalErrors();
    // Start-up work that needs no argument runs beside the building of the command line.
    if (args.length > 0 && args[0].equals("download")) {
      inBackground("sha256-warm-up", Sha256::warmUp); // first thing: the JIT's queue is shortest
      inBackground("jit-policy", ShortRunJit::apply);
    }
    inBackground("config-read", Main::readConfig);
    // Logback reads logback.xml (0.2 s) meanwhile; the command line logs nothing. Logging is
    // running before any command does: SLF4J otherwise hands out stand-in loggers and warns that
    // it replays what Pekko's threads logged meanwhile.
    Thread logging = inBackground("logging-start", () -> LoggerFactory.getLogger(Main.class));
    CommandLine commandLine;
    try {
      commandLine = commandLine(args); // reads the config: the options' defaults come from it
    } catch (CommandLine.InitializationException e) {
      logging.join();
      System.exit(configError(e));
      return;
    }
    logging.join();
    System.exit(commandLine.execute(args));
  }

  /**
   * A config file that cannot be read or parsed (a -Dconfig.file, an application.conf) is one line
   * naming the file, the line and the problem, exit code 2, as any bad input is; anything else that
   * stops the command line from being built is a bug, and stays an exception.
   */
  private static int configError(CommandLine.InitializationException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConfigException config) {
        System.err.println(CONFIG_ERROR + config.getMessage());
        return USAGE;
      }
    }
    throw e;
  }

  private static final String CONFIG_ERROR = "actors: bad config: ";

  /** The exit code of a usage error: picocli's, for a bad option or value. */
  static final int USAGE = 2;

  /** {@code task} on a daemon thread of its own, started. */
  private static Thread inBackground(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * Reads the config (application.conf over every library's reference.conf, 0.2 s), for the command
   * line to find read: {@code ConfigFactory.load()} keeps what it read, and a second caller waits
   * for the first. A config that cannot be read is reported by the command line, as before.
   */
  private static void readConfig() {
    try {
      ConfigFactory.load();
    } catch (RuntimeException reportedByTheCommandLine) {
      // Its own ConfigFactory.load() fails the same way, and says so.
    }
  }

  /**
   * Out of memory (or another VM error) in a thread that is not Pekko's: end now, with one line and
   * exit code {@link #FATAL}, rather than hang half-alive. Pekko's own threads exit the JVM too
   * ({@code pekko.jvm-exit-on-fatal-error}, exit code 255); {@code bin/actors} adds {@code
   * -XX:+ExitOnOutOfMemoryError}, which also covers the JVM's own threads.
   */
  static void exitOnFatalErrors() {
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, error) -> {
          if (error instanceof VirtualMachineError) {
            System.err.println("actors: fatal: " + error + " (thread " + thread.getName() + ")");
            Runtime.getRuntime().halt(FATAL);
          }
          System.err.println("actors: " + error + " (thread " + thread.getName() + ")");
        });
  }

  /** The exit code of a fatal JVM error, as {@code -XX:+ExitOnOutOfMemoryError} gives. */
  static final int FATAL = 3;

  /** The configured command line with every subcommand, for tests that run it in-process. */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line that runs {@code args}: only the subcommand {@code args} names, when it names
   * one. picocli reads every option of every subcommand by reflection as it builds a command line,
   * and its classes are too old for the JVM's class archive: building all three took 0.3 s of a
   * run's start (docs/BENCHMARKS.md, "Issue #15"). Anything else (help, no subcommand, a misspelt
   * one, whose suggestions need the names) gets them all.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine commandLine = new CommandLine(new Main());
    String named = args.length > 0 ? args[0] : "";
    boolean one = SUBCOMMANDS.containsKey(named);
    SUBCOMMANDS.forEach(
        (name, command) -> {
          if (!one || name.equals(named)) {
            commandLine.addSubcommand(name, command.get());
          }
        });
    if (!one) {
      commandLine.addSubcommand(new CommandLine.HelpCommand());
    }
    CommandLine download = commandLine.getSubcommands().get("download");
    if (download != null) {
      // download's options for actors.pipeline come from a table, after -i and -o in its help.
      PipelineOptions.addTo(download.getCommandSpec(), 3);
    }
    commandLine.setParameterExceptionHandler(Main::usageError);
    commandLine.setExecutionExceptionHandler(
        (exception, command, parsed) -> {
          if (exception instanceof ConfigException config) { // read by the command itself (demo)
            command.getErr().println(CONFIG_ERROR + config.getMessage());
            return USAGE;
          }
          command.getErr().println(command.getCommandName() + ": " + exception);
          LoggerFactory.getLogger(Main.class).debug("the command failed", exception);
          return command.getCommandSpec().exitCodeOnExecutionException();
        });
    return commandLine;
  }

  /** The subcommands, in the order help lists them. */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
    subcommands.put("demo", DemoCommand::new);
    subcommands.put("download", DownloadCommand::new);
    subcommands.put("serve", ServeCommand::new);
    return subcommands;
  }

  /** The error, suggestions for a misspelt option, and where to look: as curl and git do. */
  private static int usageError(ParameterException error, String[] args) {
    CommandLine command = error.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": " + error.getMessage());
    UnmatchedArgumentException.printSuggestions(error, err);
    err.printf("Try '%s --help' for more information.%n", command.getCommandSpec().qualifiedName());
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public Integer call() {
    return new DemoCommand().call();
  }

  /** The version Maven wrote into {@code actors-version.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/actors-version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {
        "actors " + properties.getProperty("version", "unknown"),
        "Java " + System.getProperty("java.version") + ", Apache Pekko " + pekkoVersion()
      };
    }

    private static String pekkoVersion() {
      return org.apache.pekko.Version.current();
    }
  }
}
