package actors.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import actors.pipeline.ManifestCodec;
import actors.pipeline.Outcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/actors.jar download}, as a user or a script runs it, against the pipeline
 * tests' local server: exit codes, the manifest, --json, deadline and SIGINT.
 */
@ExtendWith(TestKitLifecycle.class)
class DownloadJarIT {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final actors.pipeline.TestServer server =
      actors.pipeline.TestServer.start(testKit.system());

  @TempDir Path dir;

  Path urlFile(List<String> urls) throws Exception {
    return Files.write(dir.resolve("urls.txt"), urls);
  }

  static long lines(Path file) throws Exception {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    }
  }

  /**
   * Sends {@code signal} to {@code pid}. A SIGINT that this JVM ignores (inherited from a shell
   * that started the build in the background) is ignored by the jar too, which would then run on:
   * say so rather than time out.
   */
  static void interrupt(String signal, long pid) throws Exception {
    if (signal.equals("INT")) {
      String ignored =
          Files.readAllLines(Path.of("/proc/self/status")).stream()
              .filter(line -> line.startsWith("SigIgn:"))
              .map(line -> line.substring(7).trim())
              .findFirst()
              .orElse("0");
      assertThat(new java.math.BigInteger(ignored, 16).testBit(1))
          .as(
              "SIGINT is ignored by this build (started in the background?): run it in the"
                  + " foreground, or with SIGINT restored")
          .isFalse();
    }
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
  }

  static List<Path> leftovers(Path out) throws Exception {
    try (Stream<Path> files = Files.walk(out)) {
      return files
          .filter(
              f ->
                  f.toString().contains(".actors-partial")
                      || f.toString().endsWith(".part")
                      || f.toString().endsWith(".actors-lock"))
          .toList();
    }
  }

  /** {@code download -i INPUT -o OUT ARGS} in a JVM started with {@code jvm} options. */
  static PackagedJarIT.Result download(List<String> jvm, Path input, Path out, String... args)
      throws Exception {
    return PackagedJarIT.runJar(jvm, downloadArgs(input, out, args));
  }

  /** The same, started: the test decides when to signal it. */
  static Process startDownload(Path input, Path out, String... args) throws Exception {
    return PackagedJarIT.startJar(downloadArgs(input, out, args));
  }

  private static String[] downloadArgs(Path input, Path out, String... args) {
    List<String> all = new ArrayList<>(List.of("download", "-i", input.toString(), "-o"));
    all.add(out.toString());
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  @Test
  void download_allOkExitsZeroWithJsonSummaryOnStdout() throws Exception {
    List<String> urls =
        IntStream.range(0, 10).mapToObj(i -> server.url("/files/jar" + i + "?size=2000")).toList();
    Path out = dir.resolve("out");
    PackagedJarIT.Result result = download(List.of(), urlFile(urls), out, "--json", "--quiet");
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
    assertThat(result.stderr())
        .contains("  failed: " + server.url("/status/404") + " (http-404, line 2)")
        .doesNotContain("more, see the manifest");
  }

  @Test
  void download_manyFailures_summaryNamesTheFirstTenAndCountsTheRest() throws Exception {
    Path out = dir.resolve("out");
    List<String> args =
        new ArrayList<>(List.of("download", "-o", out.toString(), "--retries", "0", "--json"));
    for (int i = 0; i < 13; i++) {
      args.add(server.url("/status/404?n=" + i));
    }
    PackagedJarIT.Result result = PackagedJarIT.runJar(args.toArray(String[]::new));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr().lines().filter(line -> line.startsWith("  failed: "))).hasSize(10);
    assertThat(result.stderr())
        .contains("  and 3 more, see the manifest: " + out.resolve("manifest.jsonl"));
    JsonNode summary = new ObjectMapper().readTree(result.stdout());
    assertThat(summary.get("failed").asLong()).isEqualTo(13);
    assertThat(summary.get("failed_urls")).hasSize(10);
    assertThat(summary.get("failed_urls").get(0).get("error").asText()).isEqualTo("http-404");
  }

  @Test
  void download_deadlineCancelsSlowDownloadsPromptlyAndLeavesNothingPartial() throws Exception {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      urls.add(server.url("/stall?deadline=" + i));
    }
    Path out = dir.resolve("out");
    PackagedJarIT.Result result =
        download(
            List.of(), urlFile(urls), out, "-p", "4", "--idle-timeout", "1m", "--deadline", "1s");
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
    Process process = startDownload(urlFile(urls), out, "-p", "4", "--idle-timeout", "1m");
    // Interrupt once downloads are in flight, as a person pressing Ctrl-C would.
    org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<Void> probe = testKit.createTestProbe();
    probe.awaitAssert(
        java.time.Duration.ofSeconds(30),
        () -> assertThat(server.requestsTo("/stall")).isGreaterThanOrEqualTo(before + 4));
    interrupt(signal, process.pid());
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
    PackagedJarIT.Result result = download(List.of("-Xmx48m"), input, out, "--quiet");
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

  @Test
  void download_badLinesInTheInput_eachGetAnOutcome_andTheRunGoesOn() throws Exception {
    Path input = dir.resolve("bad.txt");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.write((server.url("/files/bad-before?size=10") + "\n").getBytes(UTF_8));
    bytes.write((server.url("/ok/é") + "\n").getBytes(UTF_8));
    bytes.write(new byte[] {'h', 't', 't', 'p', ':', '/', '/', (byte) 0xFF, '\n'});
    bytes.write("http://127.0.0.1:70000/x\n".getBytes(UTF_8));
    bytes.write((server.url("/files/bad-after?size=10") + "\n").getBytes(UTF_8));
    Files.write(input, bytes.toByteArray());
    Path out = dir.resolve("out");
    PackagedJarIT.Result result = download(List.of(), input, out, "--quiet");

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
    assertThat(result.stderr()).contains("5 URLs in").contains("3 ok").contains("2 invalid");
    assertThat(result.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    List<Outcome> manifest =
        ManifestCodec.readAll(out.resolve("manifest.jsonl")).stream()
            .sorted(java.util.Comparator.comparingLong(Outcome::line))
            .toList();
    assertThat(manifest)
        .extracting(Outcome::error)
        .containsExactly(null, null, "not-utf-8 (line 3)", "bad-port (line 4)", null);
  }

  @Test
  void download_aSecondRunIntoTheSameOut_exitsTwoAtOnce_andTheFirstRunIsUntouched()
      throws Exception {
    Path out = dir.resolve("out");
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      urls.add(server.url("/stall?second-run=" + i));
    }
    int before = server.requestsTo("/stall");
    Process first = startDownload(urlFile(urls), out, "-p", "4", "--idle-timeout", "1m");
    TestProbe<Void> probe = testKit.createTestProbe();
    probe.awaitAssert(
        java.time.Duration.ofSeconds(30),
        () -> assertThat(server.requestsTo("/stall")).isGreaterThanOrEqualTo(before + 4));

    PackagedJarIT.Result second =
        PackagedJarIT.runJar("download", "-o", out.toString(), server.url("/files/second?size=10"));
    assertThat(second.exitCode()).isEqualTo(2);
    assertThat(second.stderr().strip())
        .isEqualTo(
            "actors download: "
                + out.toAbsolutePath()
                + ": in use by another run (pid "
                + first.pid()
                + ")");
    assertThat(out.resolve(".actors-partial").resolve("manifest.jsonl"))
        .as("the first run's draft manifest is still there")
        .exists();

    interrupt("INT", first.pid());
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isEqualTo(130);
    assertThat(ManifestCodec.readAll(out.resolve("manifest.jsonl"))).hasSize(4);
    assertThat(leftovers(out)).isEmpty();
  }

  /**
   * A signal at each phase of a run's start (before the JVM is up, once the directory is locked,
   * once the draft manifest exists, once downloads are in flight): what earlier runs completed
   * stays known, and the manifest is never torn: either the previous one, or a complete new one.
   */
  @Test
  void download_aSignalAtAnyMoment_losesNothingEarlierRunsCompleted() throws Exception {
    Path out = dir.resolve("out");
    List<String> done = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      done.add(server.url("/files/signalled" + i + "?size=100"));
    }
    assertThat(download(List.of(), urlFile(done), out).exitCode()).isZero();
    List<String> more = new ArrayList<>(done);
    for (int i = 0; i < 3; i++) {
      more.add(server.url("/stall?signalled=" + i));
    }
    Path list = Files.write(dir.resolve("more.txt"), more);
    TestProbe<Void> probe = testKit.createTestProbe();
    Path lock = out.resolve(".actors-lock");
    Path draft = out.resolve(".actors-partial").resolve("manifest.jsonl");
    for (int phase = 0; phase < 4; phase++) {
      int stalled = server.requestsTo("/stall");
      Process run = startDownload(list, out, "--idle-timeout", "1m");
      int now = phase;
      probe.awaitAssert(
          java.time.Duration.ofSeconds(30),
          () -> {
            switch (now) {
              case 1 -> assertThat(lock).exists(); // the directory is locked
              case 2 -> assertThat(draft).exists(); // the pipeline started
              case 3 -> assertThat(server.requestsTo("/stall")).isEqualTo(stalled + 3);
              default -> {} // at once: the JVM is starting
            }
            return null;
          });
      interrupt("INT", run.pid());
      assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(run.exitValue()).isEqualTo(130);
      List<Outcome> manifest = ManifestCodec.readAll(out.resolve("manifest.jsonl")); // never torn
      assertThat(manifest.size()).isIn(5, 8);
    }
    PackagedJarIT.Result last = download(List.of(), urlFile(done), out);
    assertThat(last.exitCode()).as(last.stderr()).isZero();
    assertThat(last.stderr()).contains("5 skipped");
    for (int i = 0; i < 5; i++) {
      assertThat(server.requestsTo("/files/signalled" + i)).isEqualTo(1);
    }
  }

  @Test
  void download_twoHundredBodiesInFlight_fitA64MiBHeap() throws Exception {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      urls.add(server.url("/files/heap" + i + "?size=" + 2 * 1024 * 1024));
    }
    Path out = dir.resolve("out");
    PackagedJarIT.Result result =
        download(List.of("-Xmx64m"), urlFile(urls), out, "-p", "200", "--quiet");
    assertThat(result.stderr()).doesNotContain("OutOfMemoryError");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).contains("200 ok");
  }

  @Test
  void download_aHundredMegabyteLineWithoutNewline_isOneInvalidLine_inA64MiBHeap()
      throws Exception {
    Path input = dir.resolve("long.txt");
    try (var writer = Files.newOutputStream(input)) {
      writer.write((server.url("/files/before-the-long-line?size=10") + "\n").getBytes(UTF_8));
      byte[] block = "x".repeat(1024 * 1024).getBytes(UTF_8);
      for (int i = 0; i < 100; i++) {
        writer.write(block);
      }
    }
    Path out = dir.resolve("out");
    PackagedJarIT.Result result = download(List.of("-Xmx64m"), input, out, "--quiet");
    assertThat(result.stderr()).doesNotContain("OutOfMemoryError");
    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
    assertThat(result.stderr()).contains("2 URLs in").contains("1 ok").contains("1 invalid");
    assertThat(ManifestCodec.readAll(out.resolve("manifest.jsonl")))
        .extracting(Outcome::error)
        .containsExactlyInAnyOrder(null, "line-too-long (line 2)");
  }

  @Test
  void download_setupErrors_areOneLine_exitTwo_beforeAnythingStarts() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve(".actors-partial"), "in the way");
    Path manifestDir = Files.createDirectories(dir.resolve("manifest-dir"));
    String url = server.url("/files/setup?size=10");
    String[][] cases = {
      {"-o", file.toString()},
      {"-o", out.toString()},
      {"-o", dir.resolve("out2").toString(), "--manifest", manifestDir.toString()},
    };
    String[] reasons = {
      file + ": is a file, not a directory",
      out.resolve(".actors-partial") + ": is not a directory (a file or a link): remove it",
      manifestDir + ": is a directory, not a file",
    };
    for (int i = 0; i < cases.length; i++) {
      List<String> args = new ArrayList<>(List.of("download"));
      args.addAll(List.of(cases[i]));
      args.add(url);
      PackagedJarIT.Result result = PackagedJarIT.runJar(args.toArray(String[]::new));
      assertThat(result.exitCode()).as(reasons[i]).isEqualTo(2);
      assertThat(result.stderr().strip()).isEqualTo("actors download: " + reasons[i]);
    }
    assertThat(server.requestsTo("/files/setup")).isZero();
  }

  @Test
  void download_readsItsInputFromAPipe() throws Exception {
    Path out = dir.resolve("out");
    String command =
        String.join(" ", PackagedJarIT.command("download", "-o", out.toString(), "--quiet", "-i"))
            + " <(printf '%s\\n' "
            + server.url("/files/piped?size=10")
            + ")";
    PackagedJarIT.Result result = PackagedJarIT.run(List.of("bash", "-c", command));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).contains("1 ok");
  }

  @Test
  void download_withoutATerminal_logsAProgressLine() throws Exception {
    Path out = dir.resolve("out");
    PackagedJarIT.Result result =
        PackagedJarIT.runJar(
            List.of("-Dactors.app.progress-interval=100ms"),
            "download",
            "-o",
            out.toString(),
            server.url("/files/watched?size=10&delay=1500"));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr())
        .containsPattern("INFO +ProgressDisplay - progress: 0/1 done, 1 in flight");
  }

  /** stdin from a producer that never closes it: a deadline or a signal still ends the run. */
  @Test
  void download_fromAPipeThatStaysOpen_theDeadlineAndASignalStillEndTheRun() throws Exception {
    Path out = dir.resolve("out");
    Process deadline =
        PackagedJarIT.startJar("download", "-i", "-", "-o", out.toString(), "--deadline", "2s");
    deadline
        .getOutputStream()
        .write((server.url("/files/open-pipe?size=10") + "\n").getBytes(UTF_8));
    deadline.getOutputStream().flush(); // and never closed
    assertThat(deadline.waitFor(60, TimeUnit.SECONDS)).as("ends at its deadline").isTrue();
    assertThat(deadline.exitValue()).isZero();
    assertThat(ManifestCodec.readAll(out.resolve("manifest.jsonl"))).hasSize(1);

    int before = server.requestsTo("/stall");
    Process signalled =
        PackagedJarIT.startJar("download", "-i", "-", "-o", out.toString(), "--idle-timeout", "1m");
    signalled.getOutputStream().write((server.url("/stall?open-pipe") + "\n").getBytes(UTF_8));
    signalled.getOutputStream().flush();
    testKit
        .createTestProbe()
        .awaitAssert(
            java.time.Duration.ofSeconds(30),
            () -> assertThat(server.requestsTo("/stall")).isGreaterThan(before));
    new ProcessBuilder("kill", "-TERM", Long.toString(signalled.pid())).start().waitFor();
    assertThat(signalled.waitFor(15, TimeUnit.SECONDS)).as("ends soon after the signal").isTrue();
    assertThat(signalled.exitValue()).isEqualTo(143);
    assertThat(ManifestCodec.readAll(out.resolve("manifest.jsonl")))
        .extracting(Outcome::status)
        .containsExactly(Outcome.Status.CANCELLED);
    assertThat(leftovers(out)).isEmpty();
  }
}
