package actors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import actors.support.Sha256;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume across runs into one directory: what is done stays done, whatever a later run's input, and
 * nothing in a damaged manifest or index can stop a run.
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class ResumeTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final TestServer server = TestServer.start(testKit.system());

  @TempDir Path out;

  Downloads.Result download(List<String> urls) throws Exception {
    return Downloads.run(testKit.system(), urls, out);
  }

  List<String> urls(String name, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> server.url("/files/" + name + i + "?size=100"))
        .toList();
  }

  @Test
  void resume_aSecondRunSkipsWhatIsDoneAndFetchesWhatWentMissing() throws Exception {
    List<String> urls = urls("resume", 3);
    Downloads.Result first = download(urls);
    assertThat(first.summary().count(Outcome.Status.OK)).isEqualTo(3);
    Files.delete(out.resolve(first.entryFor(urls.get(1)).file()));

    Downloads.Result second = download(urls);
    assertThat(second.entryFor(urls.get(0)).status()).isEqualTo(Outcome.Status.SKIPPED);
    assertThat(second.entryFor(urls.get(0)).sha256())
        .isEqualTo(first.entryFor(urls.get(0)).sha256());
    assertThat(second.entryFor(urls.get(1)).status()).isEqualTo(Outcome.Status.OK);
    assertThat(second.entryFor(urls.get(2)).status()).isEqualTo(Outcome.Status.SKIPPED);
    assertThat(server.requestsTo("/files/resume0")).isEqualTo(1);
    assertThat(server.requestsTo("/files/resume1")).isEqualTo(2);
    assertThat(second.summary().exitCode()).isZero();
  }

  @Test
  void resume_aRunOverASubsetForgetsNothing() throws Exception {
    List<String> all = urls("subset", 3);
    download(all);
    download(List.of(server.url("/files/something-else?size=10"))); // its manifest: one line

    Downloads.Result again = download(all);
    assertThat(again.summary().count(Outcome.Status.SKIPPED)).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(server.requestsTo("/files/subset" + i)).isEqualTo(1);
    }
  }

  @Test
  void resume_skippedLinesCountAsCompleteOnTheNextRunToo() throws Exception {
    // A body an older version downloaded: in its manifest only, no index.
    String url = server.url("/files/older?size=100");
    byte[] body = TestServer.content("older", 100);
    Files.write(out.resolve("older.bin"), body);
    writeLines(out.resolve("manifest.jsonl"), okLine(url, "older.bin", body));

    assertThat(download(List.of(url)).entryFor(url).status()).isEqualTo(Outcome.Status.SKIPPED);
    download(List.of(server.url("/files/unrelated?size=10"))); // replaces the manifest
    assertThat(download(List.of(url)).entryFor(url).status()).isEqualTo(Outcome.Status.SKIPPED);
    assertThat(server.requestsTo("/files/older")).isZero();
  }

  @Test
  void resume_aDamagedManifestIsReadAround_oneWarningPerBadLine() throws Exception {
    List<String> urls = urls("damaged", 4);
    List<byte[]> lines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      byte[] body = TestServer.content("damaged" + i, 100);
      Files.write(out.resolve("d" + i), body);
      lines.add(okLine(urls.get(i), "d" + i, body));
    }
    ByteArrayOutputStream manifest = new ByteArrayOutputStream();
    manifest.write(lines.get(0));
    manifest.write(
        new byte[] {'{', '"', 'u', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'}); // not UTF-8
    manifest.write(
        new String(lines.get(1), StandardCharsets.UTF_8)
            .replace("\"bytes\":100", "\"bytes\":99999999999999999999")
            .getBytes(StandardCharsets.UTF_8)); // line 3: a number no long holds
    manifest.write(lines.get(2));
    byte[] last = lines.get(3);
    manifest.write(last, 0, last.length - 1); // line 5 cut off: no newline
    Files.write(out.resolve("manifest.jsonl"), manifest.toByteArray());

    Downloads.Result[] result = new Downloads.Result[1];
    LoggingTestKit.warn("line 2 ignored")
        .expect(
            testKit.system(),
            () ->
                LoggingTestKit.warn("line 3 ignored")
                    .expect(
                        testKit.system(),
                        () ->
                            LoggingTestKit.warn("line 5 ignored: cut off")
                                .expect(
                                    testKit.system(), () -> result[0] = downloadUnchecked(urls))));
    Downloads.Result again = result[0];
    assertThat(again.entryFor(urls.get(0)).status()).isEqualTo(Outcome.Status.SKIPPED);
    assertThat(again.entryFor(urls.get(1)).status()).isEqualTo(Outcome.Status.OK); // line 3 bad
    assertThat(again.entryFor(urls.get(2)).status()).isEqualTo(Outcome.Status.SKIPPED);
    assertThat(again.entryFor(urls.get(3)).status()).isEqualTo(Outcome.Status.OK); // cut off
    assertThat(again.entryFor(urls.get(3)).sha256()).isNotNull();
  }

  @Test
  void index_aLineCutOffByACrashIsCutAway_beforeTheNextAppend() throws Exception {
    List<String> urls = urls("torn", 2);
    download(urls.subList(0, 1));
    Path index = out.resolve("manifest.index.jsonl");
    Files.write(
        index,
        "{\"url\":\"http://torn".getBytes(StandardCharsets.UTF_8),
        java.nio.file.StandardOpenOption.APPEND);

    download(urls);
    assertThat(ManifestCodec.readAll(index))
        .extracting(Outcome::url)
        .containsExactlyElementsOf(urls);
  }

  @Test
  void index_isRewritten_whenMostOfItsLinesAreObsolete() throws Exception {
    String url = server.url("/files/often?size=100");
    byte[] body = TestServer.content("often", 100);
    Files.write(out.resolve("often.bin"), body);
    byte[] line = okLine(url, "often.bin", body);
    byte[][] lines = new byte[1500][];
    java.util.Arrays.fill(lines, line);
    writeLines(out.resolve("manifest.index.jsonl"), lines);

    assertThat(download(List.of(url)).entryFor(url).status()).isEqualTo(Outcome.Status.SKIPPED);
    assertThat(ManifestCodec.readAll(out.resolve("manifest.index.jsonl"))).hasSize(1);
  }

  @Test
  void start_removesTemporariesThatAKilledRunLeftBehind() throws Exception {
    Path partial = Files.createDirectories(out.resolve(".actors-partial"));
    Files.writeString(partial.resolve("half-a-body.part"), "left by kill -9");
    download(List.of(server.url("/files/after-kill?size=10")));
    assertThat(partial).doesNotExist();
  }

  private Downloads.Result downloadUnchecked(List<String> urls) {
    try {
      return download(urls);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] okLine(String url, String file, byte[] body) {
    return ManifestCodec.encode(
        new Outcome(
            1, url, Outcome.Status.OK, file, body.length, Sha256.hex(body), 1, 200, null, 5));
  }

  private static void writeLines(Path file, byte[]... lines) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] line : lines) {
      all.write(line);
    }
    Files.write(file, all.toByteArray());
  }

  @Test
  void aManifestPathThatIsAnEarlierBody_isRefused_andTheBodyKept() throws Exception {
    String url = server.url("/files/kept?size=100");
    Downloads.Result first = download(List.of(url));
    Path body = out.resolve(first.entryFor(url).file());
    byte[] before = Files.readAllBytes(body);
    try (OutputDir output = OutputDir.open(out, body)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  Pipeline.start(
                      testKit.system(),
                      InputLine.of(List.of(url)),
                      Downloads.settings(testKit.system()),
                      output))
          .isInstanceOf(OutputException.class)
          .hasMessageContaining("is the body of " + url);
    }
    assertThat(Files.readAllBytes(body)).isEqualTo(before);
  }
}
