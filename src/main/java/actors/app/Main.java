package actors.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code actors} command line: {@code demo} walks through every pattern; later issues add
 * {@code download}. With no subcommand it runs the demo.
 *
 * <p>Exit codes follow picocli and curl-like tools: 0 success, 1 a run that failed, 2 a usage error
 * (unknown option, bad value), reported before any actor system starts.
 */
@Command(
    name = "actors",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Classic concurrency patterns as Apache Pekko actors and streams.",
    subcommands = {DemoCommand.class, DownloadCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    // Start logging before any actor system does: SLF4J otherwise warns that it replays the calls
    // Pekko's threads made while Logback was initialising.
    LoggerFactory.getLogger(Main.class);
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests that run it in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main());
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
