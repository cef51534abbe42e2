package actors.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
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
    description = "Classic concurrency patterns as Apache Pekko actors and streams.",
    subcommands = {
      DemoCommand.class,
      DownloadCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Callable<Integer> {

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    // Start logging before any actor system does: SLF4J otherwise warns that it replays the calls
    // Pekko's threads made while Logback was initialising.
    LoggerFactory.getLogger(Main.class);
    exitOnFatalErrors();
    System.exit(commandLine().execute(args));
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

  /** The configured command line, for tests that run it in-process. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    // download's options for actors.pipeline come from a table, after -i and -o in its help.
    PipelineOptions.addTo(commandLine.getSubcommands().get("download").getCommandSpec(), 3);
    commandLine.setParameterExceptionHandler(Main::usageError);
    commandLine.setExecutionExceptionHandler(
        (exception, command, parsed) -> {
          command.getErr().println(command.getCommandName() + ": " + exception);
          LoggerFactory.getLogger(Main.class).debug("the command failed", exception);
          return command.getCommandSpec().exitCodeOnExecutionException();
        });
    return commandLine;
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
