package actors.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/actors.jar download}, as a user or a script runs it, against the pipeline
 * tests' local server: exit codes, the manifest, --json, deadline and SIGINT.
 */
class DownloadJarIT {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final actors.pipeline.TestServer server =
      actors.pipeline.TestServer.start(testKit.system());

  @AfterAll
  static void cleanup() throws Exception {
    server.close();
    testKit.shutdownTestKit();
  }

  @TempDir Path dir;

  Path urlFile(List<String> urls) throws Exception {
    return Files.write(dir.resolve("urls.txt"), urls);
  }

  static long lines(Path file) throws Exception {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    }
  }

  static List<Path> leftovers(Path out) throws Exception {
    try (Stream<Path> files = Files.walk(out)) {
      return files
          .filter(f -> f.toString().contains(".actors-partial") || f.toString().endsWith(".part"))
          .toList();
    }
  }

  @Test
  void download_allOkExitsZeroWithJsonSummaryOnStdout() throws Exception {
    List<String> urls =
        IntStream.range(0, 10).mapToObj(i -> server.url("/files/jar" + i + "?size=2000")).toList();
    Path out = dir.resolve("out");
    PackagedJarIT.Result result =
        PackagedJarIT.runJar(
            "download", "-i", urlFile(urls).toString(), "-o", out.toString(), "--json", "--quiet");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout().strip())
        .startsWith("{\"urls\":10,\"ok\":10,")
        .contains("\"exit_code\":0", "\"wait_for_slot_ms\":", "\"wait_for_store_ms\":")
        .contains("\"in_flight_max\":", "\"bottleneck\":")
        .endsWith("}")
        .doesNotContain("\n");
    assertThat(result.stderr()).contains("10 URLs in").contains("10 ok").contains("bottleneck: ");
    assertThat(lines(out.resolve("manifest.jsonl"))).isEqualTo(10);
  }

  @Test
  void download_anyFailureExitsOne() throws Exception {
    Path out = dir.resolve("out");
    PackagedJarIT.Result result =
        PackagedJarIT.runJar(
            "download",
            "-o",
            out.toString(),
            "--retries",
            "0",
            server.url("/files/fine"),
            server.url("/status/404"));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("1 ok").contains("1 failed");
  }

  @Test
  void download_deadlineCancelsSlowDownloadsPromptlyAndLeavesNothingPartial() throws Exception {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      urls.add(server.url("/stall?deadline=" + i));
    }
    Path out = dir.resolve("out");
    PackagedJarIT.Result result =
        PackagedJarIT.runJar(
            "download",
            "-i",
            urlFile(urls).toString(),
            "-o",
            out.toString(),
            "-p",
            "4",
            "--idle-timeout",
            "1m",
            "--deadline",
            "1s");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("12 cancelled");
    assertThat(lines(out.resolve("manifest.jsonl"))).isEqualTo(12);
    assertThat(leftovers(out)).isEmpty();
  }

  @Test
  void download_sigintCancelsCompletesTheManifestAndExits130() throws Exception {
    interruptedRun("INT", 130);
  }

  @Test
  void download_sigtermCancelsAndCompletesTheManifestToo() throws Exception {
    interruptedRun("TERM", 143);
  }

  /** Sends {@code signal} once downloads are in flight; checks the exit code and the manifest. */
  void interruptedRun(String signal, int exitCode) throws Exception {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      urls.add(server.url("/stall?" + signal + "=" + i));
    }
    Path out = dir.resolve("out");
    int before = server.requestsTo("/stall"); // the server is shared with the other tests
    Process process =
        PackagedJarIT.startJar(
            "download",
            "-i",
            urlFile(urls).toString(),
            "-o",
            out.toString(),
            "-p",
            "4",
            "--idle-timeout",
            "1m");
    // Interrupt once downloads are in flight, as a person pressing Ctrl-C would.
    org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<Void> probe = testKit.createTestProbe();
    probe.awaitAssert(
        java.time.Duration.ofSeconds(30),
        () -> assertThat(server.requestsTo("/stall")).isGreaterThanOrEqualTo(before + 4));
    new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).isEqualTo(exitCode);
    assertThat(lines(out.resolve("manifest.jsonl"))).isEqualTo(12);
    assertThat(Files.readString(out.resolve("manifest.jsonl")))
        .contains("\"status\":\"cancelled\"");
    assertThat(leftovers(out)).isEmpty();
  }

  @Test
  void download_aHundredThousandLongLinesInASmallHeap() throws Exception {
    // 100,000 lines of about 470 characters: held in memory they would need over 50 MB of heap
    // (compact one-byte strings, plus their objects), more than the 48 MB this JVM gets; streamed,
    // the run needs a small fraction of that.
    String padding = "x".repeat(450);
    Path input = dir.resolve("many.txt");
    try (var writer = Files.newBufferedWriter(input)) {
      for (int i = 0; i < 100_000; i++) {
        String url =
            i % 100 == 0
                ? server.url("/files/many" + (i % 1000) + "?size=10")
                : "ftp://127.0.0.1/" + padding + "/" + i;
        writer.write(url);
        writer.newLine();
      }
    }
    Path out = dir.resolve("out");
    PackagedJarIT.Result result =
        PackagedJarIT.runJar(
            List.of("-Xmx48m"),
            "download",
            "-i",
            input.toString(),
            "-o",
            out.toString(),
            "--quiet");
    assertThat(result.stderr()).doesNotContain("OutOfMemoryError");
    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1); // the ftp lines are invalid
    assertThat(result.stderr())
        .contains("100000 URLs")
        .contains("10 ok")
        .contains("990 duplicate")
        .contains("99000 invalid");
    assertThat(lines(out.resolve("manifest.jsonl"))).isEqualTo(100_000);
  }

  @Test
  void download_onATerminalRedrawsALiveProgressLine() throws Exception {
    // util-linux's script(1) runs the command on a pseudo-terminal, as a person's shell would.
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/script")), "script(1) is needed for a terminal");
    Path out = dir.resolve("out");
    Path transcript = dir.resolve("terminal.txt");
    String command =
        String.join(
            " ",
            PackagedJarIT.command(
                "download",
                "-o",
                out.toString(),
                "-p",
                "2",
                server.url("/files/slow1?delay=2500"),
                server.url("/files/slow2?delay=2500")));
    Process process =
        new ProcessBuilder("/usr/bin/script", "-qec", command, transcript.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    String screen = Files.readString(transcript);
    assertThat(screen)
        .containsPattern("\r\\d+/2 done, \\d+ in flight, [0-9.]+ MB/s")
        .contains("2 URLs in");
  }
}
