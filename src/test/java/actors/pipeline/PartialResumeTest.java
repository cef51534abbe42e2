package actors.pipeline;

import static actors.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import actors.blocking.Digests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies cut off part-way are continued ({@link Partials}): by the next attempt (a reset), by the
 * next run (a cancel), with {@code Range} and {@code If-Range}; a body that changed meanwhile
 * starts over; a server without validators, {@code continue = off} or an old partial mean the whole
 * body again. The SHA-256 and the length always cover the whole file.
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class PartialResumeTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final TestServer server = TestServer.start(testKit.system());
  static final int SIZE = 300_000;

  @TempDir Path out;

  Downloads.Result download(String url, Object... keyValues) throws Exception {
    return Downloads.run(
        testKit.system(), Downloads.settings(testKit.system(), keyValues), List.of(url), out);
  }

  static String sha256(String name, int version) {
    return Digests.sha256(TestServer.content(name + "-v" + version, SIZE));
  }

  @Test
  void aResetBody_isContinuedByTheNextAttempt_withARange() throws Exception {
    String url = server.url("/ranged/reset-once?size=" + SIZE + "&reset=100000");
    Outcome line = download(url).entryFor(url);

    assertThat(line.status()).as(String.valueOf(line.error())).isEqualTo(Outcome.Status.OK);
    assertThat(line.attempts()).isEqualTo(2);
    assertThat(line.bytes()).isEqualTo(SIZE);
    assertThat(line.sha256()).isEqualTo(sha256("reset-once", 1));
    assertThat(server.lastHeaders.get("/ranged/reset-once"))
        .contains("range: bytes=100000-\n", "if-range: \"reset-once-v1\"\n");
    assertThat(Files.exists(out.resolve(".actors-partial"))).as("nothing left").isFalse();
  }

  @Test
  void aPartialKeptByARun_isContinuedByTheNext_orStartedOverIfTheBodyChanged() throws Exception {
    String url = server.url("/ranged/changes?size=" + SIZE + "&reset=120000");
    Outcome first = download(url, "retries", 0).entryFor(url);
    assertThat(first.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(Files.size(out.resolve(".actors-partial").resolve(partName(url)))).isEqualTo(120000);

    server.version("changes", 2);
    Outcome second = download(url).entryFor(url);
    assertThat(server.lastHeaders.get("/ranged/changes"))
        .contains("range: bytes=120000-\n", "if-range: \"changes-v1\"\n");
    assertThat(second.status()).isEqualTo(Outcome.Status.OK);
    assertThat(second.sha256()).as("the new body, whole").isEqualTo(sha256("changes", 2));
    assertThat(second.bytes()).isEqualTo(SIZE);
  }

  @Test
  void a206OfAnotherVersion_isNotGluedOnto_thePartial() throws Exception {
    String url =
        server.url("/ranged/ignores-if-range?size=" + SIZE + "&reset=90000&ignoreIfRange=1");
    download(url, "retries", 0);
    server.version("ignores-if-range", 2);
    Outcome line = download(url, "retries", 2).entryFor(url);
    assertThat(line.status()).isEqualTo(Outcome.Status.OK);
    assertThat(line.sha256()).as("version 2, whole").isEqualTo(sha256("ignores-if-range", 2));
  }

  @Test
  void a304ToARangeRequest_dropsThePartial_andTheBodyIsFetchedWhole() throws Exception {
    String url = server.url("/ranged/range-304?size=" + SIZE + "&reset=90000&notModified=1");
    download(url, "retries", 0);
    Outcome line = download(url, "retries", 2).entryFor(url);
    assertThat(line.status()).as(String.valueOf(line.error())).isEqualTo(Outcome.Status.OK);
    assertThat(line.sha256()).isEqualTo(sha256("range-304", 1));
  }

  @Test
  void aCancelledRun_keepsItsPartial_andTheNextRunAsksForTheRest() throws Exception {
    String url = server.url("/ranged/cancelled?size=" + SIZE + "&stall=50000");
    Path partial = out.resolve(".actors-partial").resolve(partName(url));
    try (OutputDir output = OutputDir.open(out, out.resolve("manifest.jsonl"))) {
      Pipeline.Running running =
          Pipeline.start(
              testKit.system(),
              InputLine.of(List.of(url)),
              Downloads.settings(testKit.system()),
              output);
      testKit
          .createTestProbe()
          .awaitAssert(
              java.time.Duration.ofSeconds(20),
              () -> {
                assertThat(partial).as("50000 bytes written").exists().hasSize(50000);
                return null;
              });
      running.cancel("test");
      Summary summary = await(running.done());
      assertThat(summary.count(Outcome.Status.CANCELLED)).isEqualTo(1);
    }
    assertThat(partial).exists();

    Outcome line = download(url).entryFor(url);
    assertThat(line.status()).isEqualTo(Outcome.Status.OK);
    assertThat(line.sha256()).isEqualTo(sha256("cancelled", 1));
    assertThat(server.lastHeaders.get("/ranged/cancelled")).contains("range: bytes=50000-\n");
  }

  @Test
  void a206ThatDoesNotContinueThePartial_isRefused_andTheWholeBodyFetchedNext() throws Exception {
    String url = server.url("/ranged/liar?size=" + SIZE + "&reset=100000&lie=1");
    Outcome line = download(url, "retries", 3).entryFor(url);
    assertThat(line.status()).as(String.valueOf(line.error())).isEqualTo(Outcome.Status.OK);
    assertThat(line.sha256()).isEqualTo(sha256("liar", 1));
    assertThat(server.requestsTo("/ranged/liar")).isEqualTo(3); // cut, lied to, whole
    assertThat(server.lastHeaders.get("/ranged/liar")).doesNotContain("range:");
  }

  @Test
  void withoutAValidator_orWithContinueOff_orTooOld_theWholeBodyIsFetchedAgain() throws Exception {
    String noValidator =
        server.url("/ranged/no-validator?size=" + SIZE + "&reset=1000&validators=no");
    assertThat(download(noValidator).entryFor(noValidator).status()).isEqualTo(Outcome.Status.OK);
    assertThat(server.lastHeaders.get("/ranged/no-validator")).doesNotContain("range:");

    String off = server.url("/ranged/continue-off?size=" + SIZE + "&reset=1000");
    assertThat(download(off, "continue", false).entryFor(off).status())
        .isEqualTo(Outcome.Status.OK);
    assertThat(server.lastHeaders.get("/ranged/continue-off")).doesNotContain("range:");

    String old = server.url("/ranged/too-old?size=" + SIZE + "&reset=1000");
    download(old, "retries", 0);
    Path description = out.resolve(".actors-partial").resolve(partName(old) + ".info");
    Files.writeString(
        description, Files.readString(description).replaceAll("saved-ms=\\d+", "saved-ms=0"));
    assertThat(download(old).entryFor(old).status()).isEqualTo(Outcome.Status.OK);
    assertThat(server.lastHeaders.get("/ranged/too-old")).doesNotContain("range:");
  }

  private static String partName(String url) throws Exception {
    return RequestUrl.parse(url).fileName() + ".part";
  }
}
