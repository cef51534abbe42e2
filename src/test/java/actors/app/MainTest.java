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

  @Test
  void download_withoutURLsOrInputIsAUsageError() {
    assertThat(run("download")).isEqualTo(2);
    assertThat(err.toString()).contains("nothing to download");
  }

  @Test
  void download_unreadableInputIsAUsageErrorBeforeAnythingStarts() {
    assertThat(run("download", "-i", "/no/such/list.txt")).isEqualTo(2);
    assertThat(err.toString()).contains("--input /no/such/list.txt: no such file");
  }

  @Test
  void download_aDurationWithoutUnitIsAUsageErrorNamingTheOption() {
    assertThat(run("download", "--timeout", "30", "http://127.0.0.1/x")).isEqualTo(2);
    assertThat(err.toString()).contains("--timeout").contains("'30' has no unit");
  }

  @Test
  void download_badSizeAndBackoffOrderAreUsageErrors() {
    assertThat(run("download", "--max-bytes", "lots", "http://127.0.0.1/x")).isEqualTo(2);
    assertThat(err.toString()).contains("'lots' is not a size");
    assertThat(run("download", "--backoff-min", "5s", "--backoff-max", "1s", "http://127.0.0.1/x"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--backoff-min (5000ms) must not exceed --backoff-max");
  }

  @Test
  void download_helpListsTheContractsOptions() {
    assertThat(run("download", "--help")).isZero();
    assertThat(out.toString())
        .contains("--input", "--out", "--parallelism", "--timeout", "--connect-timeout")
        .contains("--idle-timeout", "--retries", "--backoff-min", "--backoff-max", "--deadline")
        .contains("--max-bytes", "--max-redirects", "--manifest", "--quiet", "--json");
  }
}
