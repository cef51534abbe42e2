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
    CommandLine commandLine = Main.commandLine(args); // as main builds it: maybe one subcommand
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void aSubcommandsName_buildsThatSubcommandOnly_anythingElseBuildsThemAll() {
    assertThat(Main.commandLine(new String[] {"download", "-i", "x"}).getSubcommands())
        .containsOnlyKeys("download");
    assertThat(Main.commandLine(new String[] {"serve"}).getSubcommands()).containsOnlyKeys("serve");
    for (String[] args : new String[][] {{}, {"--help"}, {"help", "download"}, {"dowload"}}) {
      assertThat(Main.commandLine(args).getSubcommands())
          .as(String.join(" ", args))
          .containsOnlyKeys("demo", "download", "serve", "help");
    }
  }

  @Test
  void help_ofASubcommand_andAMisspeltOne_stillWork() {
    assertThat(run("help", "download")).isZero();
    assertThat(out.toString()).contains("Usage: actors download");
    assertThat(run("dowload")).isEqualTo(2);
    assertThat(err.toString()).contains("download");
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
    assertThat(err.toString()).contains("--backoff-min (5s) must not exceed --backoff-max (1s)");
  }

  @Test
  void download_everyOptionIsRangeCheckedBeforeAnythingStarts() {
    String[][] cases = {
      {"--backoff-min", "0s", "--backoff-min must be between 1ms and 30d, got 0s"},
      {"--timeout", "99999999999d", "'--timeout': '99999999999d' is too long"},
      {"--timeout", "31d", "--timeout must be between 1ms and 30d, got 31d"},
      {"-p", "2147483647", "--parallelism must be between 1 and 4096, got 2147483647"},
      {"--connect-timeout", "0s", "--connect-timeout must be between 1ms and 30d, got 0s"},
      {"--retries", "-1", "--retries must be between 0 and 100, got -1"},
      {"--backoff-random-factor", "2", "--backoff-random-factor must be between 0.0 and 1.0"},
      {"--max-bytes", "0", "--max-bytes must be between 1 and"},
      {"--deadline", "0s", "--deadline must be between 1ms and 30d"},
    };
    for (String[] c : cases) {
      err.getBuffer().setLength(0);
      assertThat(run("download", c[0], c[1], "http://127.0.0.1/x")).as(c[0]).isEqualTo(2);
      assertThat(err.toString()).as(c[0]).contains(c[2]).doesNotContain("Exception");
    }
  }

  @Test
  void usageError_isOneLineAndWhereToLook_notTheWholeHelp() {
    assertThat(run("download", "--retries", "many", "http://127.0.0.1/x")).isEqualTo(2);
    assertThat(err.toString().lines())
        .containsExactly(
            "actors download: Invalid value for option '--retries': 'many' is not an int",
            "Try 'actors download --help' for more information.");
  }

  @Test
  void download_helpShowsTheDefaultsFromApplicationConf() {
    assertThat(run("download", "--help")).isZero();
    assertThat(out.toString())
        .contains("Requests in flight at most (default: 64)")
        .contains("whole response (default: 30s)")
        .contains("200ms")
        .contains("Largest body accepted (default: 1GiB)");
  }

  @Test
  void download_aDirectoryAsInputIsAUsageError() {
    assertThat(run("download", "-i", System.getProperty("java.io.tmpdir"))).isEqualTo(2);
    assertThat(err.toString()).contains(": is a directory");
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
