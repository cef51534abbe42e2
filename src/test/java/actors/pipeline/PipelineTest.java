package actors.pipeline;

import static actors.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import actors.blocking.Digests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline against a local server: every rule of the download contract. */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class PipelineTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final TestServer server = TestServer.start(testKit.system());

  @TempDir Path out;

  PipelineSettings settings(Object... keyValues) {
    return Downloads.settings(testKit.system(), keyValues);
  }

  Downloads.Result download(PipelineSettings settings, List<String> urls) throws Exception {
    return Downloads.run(testKit.system(), settings, urls, out);
  }

  Downloads.Result download(List<String> urls) throws Exception {
    return Downloads.run(testKit.system(), urls, out);
  }

  @Test
  void download_everyBodyLandsWithItsSha256AndOneManifestLineEach() throws Exception {
    List<String> urls =
        IntStream.range(0, 20)
            .mapToObj(i -> server.url("/files/f" + i + "?size=" + (1000 + i)))
            .toList();
    Downloads.Result result = download(urls);

    assertThat(result.summary().count(Outcome.Status.OK)).isEqualTo(20);
    assertThat(result.summary().exitCode()).isZero();
    assertThat(result.manifest()).hasSize(20);
    for (int i = 0; i < 20; i++) {
      Outcome entry = result.entryFor(urls.get(i));
      byte[] expected = TestServer.content("f" + i, 1000 + i);
      assertThat(entry.status()).isEqualTo(Outcome.Status.OK);
      assertThat(entry.bytes()).isEqualTo(1000 + i);
      assertThat(entry.sha256()).isEqualTo(Digests.sha256(expected));
      assertThat(Files.readAllBytes(out.resolve(entry.file()))).isEqualTo(expected);
    }
    assertThat(Downloads.filesIn(out))
        .as("the bodies, the manifest and the index: nothing else is left")
        .hasSize(22)
        .contains("manifest.jsonl", "manifest.index.jsonl");
  }

  @Test
  void parallelism_neverMoreRequestsInFlightThanAllowed() throws Exception {
    server.maxInFlight.set(0);
    List<String> urls =
        IntStream.range(0, 24).mapToObj(i -> server.url("/files/p" + i + "?delay=100")).toList();
    Downloads.Result result = download(settings("parallelism", 4), urls);
    assertThat(result.summary().count(Outcome.Status.OK)).isEqualTo(24);
    assertThat(server.maxInFlight.get()).isBetween(2, 4);
  }

  @Test
  void retry_transientFailuresThenSuccess() throws Exception {
    String url = server.url("/flaky/r1?fail=2&code=503");
    Outcome entry = download(List.of(url)).entryFor(url);
    assertThat(entry.status()).isEqualTo(Outcome.Status.OK);
    assertThat(entry.attempts()).isEqualTo(3);
  }

  @Test
  void retry_neverOnA404() throws Exception {
    String url = server.url("/status/404");
    Downloads.Result result = download(List.of(url));
    Outcome entry = result.entryFor(url);
    assertThat(entry.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(entry.error()).isEqualTo("http-404");
    assertThat(entry.httpStatus()).isEqualTo(404);
    assertThat(entry.attempts()).isEqualTo(1);
    assertThat(server.requestsTo("/status/404")).isEqualTo(1);
    assertThat(result.summary().exitCode()).isEqualTo(1);
  }

  @Test
  void retry_givesUpAfterTheRetriesWithTheLastReason() throws Exception {
    String url = server.url("/flaky/r2?fail=10&code=502");
    Outcome entry = download(List.of(url)).entryFor(url);
    assertThat(entry.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(entry.error()).isEqualTo("http-502");
    assertThat(entry.attempts()).isEqualTo(3);
  }

  @Test
  void retryAfter_isHonoured() throws Exception {
    String url = server.url("/retry-after/ra1?seconds=1");
    // Retry-After is capped at backoff-max: allow more than the second the server asks for.
    PipelineSettings patient = settings("backoff-max", "5s");
    Outcome entry = download(patient, List.of(url)).entryFor(url);
    assertThat(entry.status()).isEqualTo(Outcome.Status.OK);
    long gap =
        server.lastRequestNanos.get("/retry-after/ra1")
            - server.firstRequestNanos.get("/retry-after/ra1");
    // The backoff alone would be 10 ms; the server asked for 1 s. (A lower bound, not a speed
    // test.)
    assertThat(Duration.ofNanos(gap)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void timeout_anAttemptThatNeverAnswersFailsWithTimeout() throws Exception {
    String url = server.url("/hang");
    Outcome entry =
        download(settings("timeout", "300ms", "retries", 1), List.of(url)).entryFor(url);
    assertThat(entry.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(entry.error()).isEqualTo("timeout");
    assertThat(entry.attempts()).isEqualTo(2);
  }

  @Test
  void idleTimeout_aBodyThatStopsFlowingFailsAndLeavesNoFile() throws Exception {
    String url = server.url("/stall");
    Downloads.Result result =
        download(settings("idle-timeout", "300ms", "retries", 0), List.of(url));
    assertThat(result.entryFor(url).error()).isEqualTo("idle-timeout");
    assertThat(Downloads.bodiesIn(out)).isEmpty();
  }

  @Test
  void truncated_aBodyShorterThanItsContentLengthIsRetriedThenFailsLeavingNoFile()
      throws Exception {
    String url = server.url("/truncated");
    Downloads.Result result = download(settings("retries", 1), List.of(url));
    Outcome entry = result.entryFor(url);
    assertThat(entry.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(entry.error()).isIn("truncated", "connection-reset");
    assertThat(entry.attempts()).isEqualTo(2);
    assertThat(Downloads.bodiesIn(out)).isEmpty();
  }

  @Test
  void redirects_aChainIsFollowedALoopAndALongChainAreNot() throws Exception {
    String chain = server.url("/redirect/3");
    String loop = server.url("/loop/a");
    String tooLong = server.url("/redirect/9");
    Downloads.Result result = download(settings("max-redirects", 5), List.of(chain, loop, tooLong));
    assertThat(result.entryFor(chain).status()).isEqualTo(Outcome.Status.OK);
    assertThat(result.entryFor(loop).error()).isEqualTo("redirect-loop");
    assertThat(result.entryFor(loop).httpStatus()).isEqualTo(302);
    assertThat(result.entryFor(tooLong).error()).isEqualTo("too-many-redirects");
    String bad = server.url("/bad-location");
    assertThat(download(List.of(bad)).entryFor(bad).error()).isEqualTo("bad-redirect");
  }

  @Test
  void maxBytes_aLargerBodyFailsWithTooLargeAndLeavesNoFile() throws Exception {
    String url = server.url("/files/big?size=5000");
    Downloads.Result result = download(settings("max-bytes", 1000), List.of(url));
    Outcome entry = result.entryFor(url);
    assertThat(entry.error()).isEqualTo("too-large");
    assertThat(entry.attempts()).isEqualTo(1);
    assertThat(Downloads.bodiesIn(out)).isEmpty();
  }

  @Test
  void hostilePaths_everyFileStaysInsideTheOutputDirectory() throws Exception {
    List<String> urls =
        List.of(
            server.url("/../../etc/passwd"),
            server.url("/%2e%2e/%2e%2e/etc/shadow"),
            server.url("/a/..%2F..%2Fescape"),
            server.url("/CON"),
            server.url("/C:/Windows/evil.exe"),
            server.url("/.hidden"),
            server.url("/"));
    Downloads.Result result = download(urls);
    assertThat(
            result.summary().count(Outcome.Status.OK)
                + result.summary().count(Outcome.Status.DUPLICATE))
        .isEqualTo(urls.size());
    Path root = out.toRealPath();
    for (Path file : Downloads.bodiesIn(out)) {
      assertThat(file.toRealPath().getParent()).isEqualTo(root);
      assertThat(file.getFileName().toString()).doesNotStartWith(".");
    }
  }

  @Test
  void duplicatesAndInvalidLines_eachGetTheirOwnManifestLine() throws Exception {
    String url = server.url("/files/dup?size=10");
    Downloads.Result result =
        download(List.of(url, "ftp://example.com/file", url, "not a url at all", url));
    assertThat(result.manifest()).hasSize(5);
    assertThat(result.summary().count(Outcome.Status.OK)).isEqualTo(1);
    assertThat(result.summary().count(Outcome.Status.DUPLICATE)).isEqualTo(2);
    assertThat(result.summary().count(Outcome.Status.INVALID)).isEqualTo(2);
    assertThat(result.entryFor("ftp://example.com/file").error())
        .isEqualTo("unsupported-scheme (line 2)");
    assertThat(server.requestsTo("/files/dup")).isEqualTo(1);
    assertThat(result.summary().exitCode()).isEqualTo(1);
  }

  @Test
  void cancel_stopsEverythingPromptlyAndEveryLineIsAccountedFor() throws Exception {
    List<String> urls = new ArrayList<>();
    urls.add(server.url("/files/quick?size=10"));
    for (int i = 0; i < 30; i++) {
      urls.add(server.url("/stall?n=" + i));
    }
    OutputDir output = OutputDir.open(out, out.resolve("manifest.jsonl"));
    Pipeline.Running running =
        Pipeline.start(
            testKit.system(),
            InputLine.of(urls),
            settings("parallelism", 4, "idle-timeout", "1m"),
            output);
    // Wait until the stalled bodies are in flight, then cancel.
    org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<Void> probe = testKit.createTestProbe();
    probe.awaitAssert(() -> assertThat(server.inFlight.get()).isGreaterThanOrEqualTo(1));
    running.cancel("test");
    Summary summary = await(running.done());
    output.close();

    assertThat(summary.lines()).isEqualTo(31);
    assertThat(summary.count(Outcome.Status.CANCELLED)).isGreaterThanOrEqualTo(29);
    assertThat(ManifestCodec.readAll(output.manifest())).hasSize(31);
    assertThat(Downloads.bodiesIn(out))
        .allMatch(f -> f.getFileName().toString().startsWith("127.0.0.1_files_quick"));
    assertThat(out.resolve(".actors-partial")).doesNotExist();
  }

  @Test
  void tracing_eachStepOfAURLsLifeIsLoggedWithTheURLInTheContext() {
    List<String> steps =
        List.of("queued", "started", "attempt 1", "retry scheduled", "attempt 2", "ok after 2");
    for (int i = 0; i < steps.size(); i++) {
      String url = server.url("/flaky/traced-" + i + "?fail=1&code=503"); // fails once, then ok
      LoggingTestKit.debug(steps.get(i))
          .withMdc(Map.of("url", url))
          .expect(testKit.system(), () -> downloadUnchecked(url));
    }
  }

  Downloads.Result downloadUnchecked(String url) {
    try {
      return download(List.of(url));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void reset_aConnectionResetIsRetriedThenReported() throws Exception {
    // A raw socket that resets every connection it accepts (SO_LINGER 0: RST, not FIN).
    try (java.net.ServerSocket resetter =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!resetter.isClosed()) {
                  try (java.net.Socket socket = resetter.accept()) {
                    socket.getInputStream().read(new byte[4096]); // take the request, then reset
                    socket.setSoLinger(true, 0);
                  } catch (java.io.IOException closed) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String url = "http://127.0.0.1:" + resetter.getLocalPort() + "/reset";
      Outcome entry = download(settings("retries", 1), List.of(url)).entryFor(url);
      assertThat(entry.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(entry.error()).isEqualTo("connection-reset");
      assertThat(entry.attempts()).isEqualTo(2);
    }
  }

  @Test
  void connect_aPortNobodyListensOnIsRetriedThenReported() throws Exception {
    int closedPort;
    try (java.net.ServerSocket probe =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/nobody";
    Outcome entry = download(settings("retries", 1), List.of(url)).entryFor(url);
    assertThat(entry.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(entry.error()).isEqualTo("connect-failed");
    assertThat(entry.attempts()).isEqualTo(2);
  }

  @Test
  void cancel_duringARetryWait_endsTheLineAtOnce_andNoRequestFollows() throws Exception {
    String backoff = server.url("/flaky/cancel-backoff?fail=100&code=503");
    String retryAfter = server.url("/retry-after/cancel-ra?seconds=600");
    OutputDir output = OutputDir.open(out, out.resolve("manifest.jsonl"));
    Pipeline.Running running =
        Pipeline.start(
            testKit.system(),
            InputLine.of(List.of(backoff, retryAfter)),
            settings("backoff-min", "10m", "backoff-max", "20m", "retries", 3),
            output);
    org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<Void> probe = testKit.createTestProbe();
    probe.awaitAssert(
        () -> {
          assertThat(server.requestsTo("/flaky/cancel-backoff")).isEqualTo(1);
          assertThat(server.requestsTo("/retry-after/cancel-ra")).isEqualTo(1);
          return null;
        });
    running.cancel("test");
    Summary summary = await(running.done()); // minutes of waiting left: it must not wait them
    output.close();

    assertThat(summary.count(Outcome.Status.CANCELLED)).isEqualTo(2);
    List<Outcome> manifest = ManifestCodec.readAll(out.resolve("manifest.jsonl"));
    assertThat(manifest).extracting(Outcome::attempts).containsOnly(1);
    assertThat(server.requestsTo("/flaky/cancel-backoff")).isEqualTo(1);
    assertThat(server.requestsTo("/retry-after/cancel-ra")).isEqualTo(1);
  }
}
