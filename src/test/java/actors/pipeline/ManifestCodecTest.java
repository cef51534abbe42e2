package actors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest format both ways, through the one codec. */
class ManifestCodecTest {

  @TempDir Path dir;

  @Test
  void roundTrip_keepsUrlsWithQuotesBackslashesNewlinesTabsAndNonAscii() throws Exception {
    String url = "http://example.com/\"quoted\"\\back\nnew\ttab/é/日本/\u0001";
    Outcome outcome =
        new Outcome(
            7, url, Outcome.Status.INVALID, null, 0, null, 0, null, "malformed-url (line 7)", 0);
    byte[] line = ManifestCodec.encode(outcome);
    assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
    assertThat(new String(line, 0, line.length - 1, java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("\n");
    assertThat(ManifestCodec.decode(java.util.Arrays.copyOf(line, line.length - 1)))
        .isEqualTo(outcome);
  }

  @Test
  void encode_writesTheDocumentedFieldsInOrder() {
    Outcome outcome =
        new Outcome(
            3, "http://a/b", Outcome.Status.OK, "a_b-0123", 10, "f".repeat(64), 2, 200, null, 15);
    assertThat(new String(ManifestCodec.encode(outcome), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"url\":\"http://a/b\",\"status\":\"ok\",\"file\":\"a_b-0123\",\"bytes\":10,\"sha256\":\""
                + "f".repeat(64)
                + "\",\"attempts\":2,\"http_status\":200,\"error\":null,\"ms\":15,\"line\":3}\n");
  }

  @Test
  void read_reportsBadLinesByNumber_andKeepsTheRest() throws Exception {
    Outcome good =
        new Outcome(1, "http://a/1", Outcome.Status.FAILED, null, 0, null, 1, 404, "http-404", 1);
    byte[] line = ManifestCodec.encode(good);
    Path file = dir.resolve("m.jsonl");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.write(line);
    bytes.write("not json\n".getBytes());
    bytes.write("{\"url\":\"x\"}\n".getBytes()); // no status
    bytes.write(line);
    bytes.write(line, 0, 20); // cut off
    Files.write(file, bytes.toByteArray());

    List<Outcome> read = new ArrayList<>();
    List<Long> bad = new ArrayList<>();
    ManifestCodec.read(file, read::add, badLine -> bad.add(badLine.number()));
    assertThat(read).containsExactly(good, good);
    assertThat(bad).containsExactly(2L, 3L, 5L);
  }
}
