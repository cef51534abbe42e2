package actors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import actors.blocking.Digests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line's {@code sha256=HEX} (kept when the body has it; {@code checksum-mismatch} and nothing
 * kept when not; a malformed one is an invalid line) and {@code limit-rate}, whose lower bound on
 * the run's duration is what a limit promises (an upper bound would be a timing test).
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class ChecksumAndRateTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final TestServer server = TestServer.start(testKit.system());

  @TempDir Path out;

  Downloads.Result download(PipelineSettings settings, List<String> lines) throws Exception {
    return Downloads.run(testKit.system(), settings, lines, out);
  }

  @Test
  void aMatchingChecksum_keepsTheBody_aDifferentOneKeepsNothing() throws Exception {
    String good = server.url("/files/sum-good?size=4000");
    String bad = server.url("/files/sum-bad?size=70000");
    String goodSum = Digests.sha256(TestServer.content("sum-good", 4000));
    String wrongSum = "0".repeat(64);
    Downloads.Result result =
        download(
            Downloads.settings(testKit.system()),
            List.of(good + "  sha256=" + goodSum.toUpperCase(), bad + "\tsha256=" + wrongSum));

    assertThat(result.entryFor(good).status()).isEqualTo(Outcome.Status.OK);
    assertThat(result.entryFor(good).sha256()).isEqualTo(goodSum);
    Outcome mismatch = result.entryFor(bad);
    assertThat(mismatch.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(mismatch.error()).isEqualTo("checksum-mismatch");
    assertThat(mismatch.attempts()).isEqualTo(1);
    assertThat(Downloads.bodiesIn(out)).hasSize(1);
    assertThat(Downloads.filesIn(out)).noneMatch(name -> name.endsWith(".part"));
  }

  @Test
  void aMalformedChecksumOrAnotherWord_makesTheLineInvalid() throws Exception {
    String url = server.url("/files/sum-malformed");
    Downloads.Result result =
        download(
            Downloads.settings(testKit.system()),
            List.of(url + " sha256=abc", url + " md5=" + "0".repeat(32)));
    assertThat(result.manifest())
        .extracting(Outcome::error)
        .containsExactly("bad-checksum (line 1)", "malformed-url (line 2)");
    assertThat(server.requestsTo("/files/sum-malformed")).isZero();
  }

  @Test
  void aCompletedBody_isFetchedAgain_whenTheLineAsksForAnotherChecksum() throws Exception {
    String url = server.url("/files/sum-again?size=2000");
    download(Downloads.settings(testKit.system()), List.of(url));
    String sum = Digests.sha256(TestServer.content("sum-again", 2000));

    Downloads.Result same =
        download(Downloads.settings(testKit.system()), List.of(url + " sha256=" + sum));
    assertThat(same.entryFor(url).status()).isEqualTo(Outcome.Status.SKIPPED);

    Downloads.Result other =
        download(Downloads.settings(testKit.system()), List.of(url + " sha256=" + "a".repeat(64)));
    assertThat(other.entryFor(url).error()).isEqualTo("checksum-mismatch");
    assertThat(server.requestsTo("/files/sum-again")).isEqualTo(2);
    assertThat(Files.size(out.resolve(same.entryFor(url).file()))).isEqualTo(2000);
  }

  @Test
  void aCancel_endsTheWaitsForTheLimit_atOnce() throws Exception {
    List<String> urls = new ArrayList<>();
    IntStream.range(0, 5).forEach(i -> urls.add(server.url("/files/waiting" + i + "?size=100")));
    try (OutputDir output = OutputDir.open(out, out.resolve("manifest.jsonl"))) {
      Pipeline.Running running =
          Pipeline.start(
              testKit.system(),
              InputLine.of(urls),
              Downloads.settings(testKit.system(), "limit-rate", 10),
              output);
      testKit
          .createTestProbe()
          .awaitAssert(
              java.time.Duration.ofSeconds(20),
              () -> {
                for (int i = 0; i < 5; i++) {
                  assertThat(server.requestsTo("/files/waiting" + i)).isEqualTo(1);
                }
                return null;
              });
      running.cancel("test");
      // At 10 B/s the five bodies need 50 s; cancelled, the run ends well before that.
      Summary summary =
          running.done().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(summary.count(Outcome.Status.CANCELLED)).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void limitRate_holdsOverTheWholeRun_streamedAndSmallBodiesAlike() throws Exception {
    List<String> urls = new ArrayList<>();
    IntStream.range(0, 3).forEach(i -> urls.add(server.url("/files/big" + i + "?size=60000")));
    IntStream.range(0, 20).forEach(i -> urls.add(server.url("/files/small" + i + "?size=3000")));
    long bytes = 3 * 60000 + 20 * 3000;
    long rate = 100_000;
    long start = System.nanoTime();
    Downloads.Result result =
        download(Downloads.settings(testKit.system(), "limit-rate", rate), urls);
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(result.summary().count(Outcome.Status.OK)).isEqualTo(urls.size());
    // The throttle lets one piece through at once (its burst), then `rate` bytes a second.
    double least = (bytes - 64 * 1024) / (double) rate;
    assertThat(seconds)
        .as("%.2fs for %d bytes at %d B/s", seconds, bytes, rate)
        .isGreaterThan(least);
  }
}
