package actors.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's contract, in-process: no actor system starts for help or usage errors. */
class MainTest {

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void help_listsTheSubcommandsAndExitsZero() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: actors").contains("demo");
  }

  @Test
  void unknownOption_isAUsageErrorWithExitCodeTwo() {
    assertThat(run("--frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--frobnicate'");
  }

  @Test
  void unknownSubcommand_isAUsageErrorWithExitCodeTwo() {
    assertThat(run("dmeo")).isEqualTo(2);
    assertThat(err.toString()).contains("dmeo");
  }

  @Test
  void version_namesTheProjectAndPekko() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).contains("actors ").contains("Apache Pekko 1.7.0");
  }
}
