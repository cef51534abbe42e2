package actors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import actors.TestKitLifecycle;
import actors.support.InvalidSettingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code names = remote} and {@code tree} ({@link FileNaming}, {@link Placement}): readable names,
 * each made safe (traversal, hidden and device names, our own files, overlong names), and a name
 * two URLs want, or a file that is there already, resolved without overwriting anything.
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class NamingTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final TestServer server = TestServer.start(testKit.system());

  @TempDir Path out;

  Downloads.Result download(String names, List<String> urls) throws Exception {
    return Downloads.run(
        testKit.system(), Downloads.settings(testKit.system(), "names", names), urls, out);
  }

  static String disposition(String name, String value) {
    return server.url(
        "/disposition/" + name + "?cd=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  @Test
  void remote_takesTheLastSegment_withoutTheQuery_andIndexHtmlForADirectory() throws Exception {
    String report = server.url("/files/report.pdf?size=300&v=2");
    String dir = server.url("/files/dir/");
    Downloads.Result result = download("remote", List.of(report, dir));
    assertThat(result.entryFor(report).file()).isEqualTo("report.pdf");
    assertThat(result.entryFor(dir).file()).isEqualTo("index.html");
    assertThat(Files.size(out.resolve("report.pdf"))).isEqualTo(300);
  }

  @Test
  void aNameTwoUrlsWant_goesToOne_theOtherTakesItsHashName_nothingOverwritten() throws Exception {
    String a = server.url("/files/a/same.bin?size=100");
    String b = server.url("/files/b/same.bin?size=200");
    Files.writeString(out.resolve("mine.txt"), "a user's own file");
    String mine = server.url("/files/c/mine.txt?size=50");
    Downloads.Result result = download("remote", List.of(a, b, mine));

    List<String> files = List.of(result.entryFor(a).file(), result.entryFor(b).file());
    assertThat(files).contains("same.bin").doesNotHaveDuplicates();
    for (String url : List.of(a, b)) {
      Outcome line = result.entryFor(url);
      assertThat(Files.size(out.resolve(line.file()))).isEqualTo(line.bytes());
    }
    assertThat(Files.readString(out.resolve("mine.txt"))).isEqualTo("a user's own file");
    assertThat(result.entryFor(mine).file()).isEqualTo(RequestUrl.parse(mine).fileName());

    Downloads.Result again = download("remote", List.of(a, b, mine));
    assertThat(again.summary().count(Outcome.Status.SKIPPED)).isEqualTo(3);
  }

  @Test
  void contentDisposition_namesTheFile_madeSafe() throws Exception {
    String plain = disposition("plain", "attachment; filename=\"rates 2026.csv\"");
    String utf8 = disposition("utf8", "attachment; filename*=UTF-8''%E2%82%AC%20rates.txt");
    String traversal = disposition("traversal", "attachment; filename=\"../../etc/passwd\"");
    String hidden = disposition("hidden", "attachment; filename=\".bashrc\"");
    String device = disposition("device", "attachment; filename=\"CON.txt\"");
    String manifest = disposition("manifest", "attachment; filename=\"manifest.jsonl\"");
    String lock = disposition("lock", "attachment; filename=\".actors-lock\"");
    String longName = disposition("long", "attachment; filename=\"" + "x".repeat(300) + ".txt\"");
    Downloads.Result result =
        download(
            "remote", List.of(plain, utf8, traversal, hidden, device, manifest, lock, longName));

    assertThat(result.entryFor(plain).file()).isEqualTo("rates 2026.csv");
    assertThat(result.entryFor(utf8).file()).isEqualTo("€ rates.txt");
    assertThat(result.entryFor(traversal).file()).isEqualTo("passwd");
    assertThat(result.entryFor(hidden).file()).isEqualTo("_.bashrc");
    assertThat(result.entryFor(device).file()).isEqualTo("_CON.txt");
    // The manifest's name is the run's own: the URL's own last segment instead.
    assertThat(result.entryFor(manifest).file()).isEqualTo("manifest");
    assertThat(Files.readString(out.resolve("manifest.jsonl"))).contains("\"url\"");
    assertThat(result.entryFor(lock).file()).isEqualTo("_.actors-lock");
    String cut = result.entryFor(longName).file();
    assertThat(cut).endsWith(".txt");
    assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
    for (Outcome line : result.manifest()) {
      Path file = out.resolve(line.file()).normalize();
      assertThat(file.getParent()).as(line.file()).isEqualTo(out);
      assertThat(Files.readString(file)).startsWith("disposed ");
    }
  }

  @Test
  void tree_mirrorsHostAndPath_safely_andAFileWhereADirectoryGoesFallsBack() throws Exception {
    String deep = server.url("/files/dir/sub/deep.txt?size=10");
    String index = server.url("/files/dir/");
    String traversal = server.url("/files/%2e%2e/%2e%2e/escape.txt?size=10");
    String fileThenDir = server.url("/files/t");
    String under = server.url("/files/t/under");
    Downloads.Result result = download("tree", List.of(deep, index, traversal, fileThenDir));
    Downloads.Result second = download("tree", List.of(under));

    String host = "127.0.0.1_" + java.net.URI.create(deep).getPort();
    assertThat(result.entryFor(deep).file()).isEqualTo(host + "/files/dir/sub/deep.txt");
    assertThat(result.entryFor(index).file()).isEqualTo(host + "/files/dir/index.html");
    // Dot segments, even percent-encoded, are resolved in the URL before it is requested.
    assertThat(result.entryFor(traversal).file()).isEqualTo(host + "/escape.txt");
    assertThat(Files.isRegularFile(out.resolve(host + "/files/t"))).isTrue();
    assertThat(second.entryFor(under).file()).isEqualTo(RequestUrl.parse(under).fileName());
    for (Outcome line : result.manifest()) {
      assertThat(out.resolve(line.file()).normalize()).startsWith(out);
    }
  }

  @Test
  void everySegment_isMadeSafe() {
    assertThat(FileNaming.safeSegment("..")).isEqualTo("_.._");
    assertThat(FileNaming.safeSegment(".")).isEqualTo("_._");
    assertThat(FileNaming.safeSegment("a/b\\c:d*e?f")).isEqualTo("a_b_c_d_e_f");
    assertThat(FileNaming.safeSegment("nul")).isEqualTo("_nul");
    assertThat(FileNaming.safeSegment("Lpt1.log")).isEqualTo("_Lpt1.log");
    assertThat(FileNaming.safeSegment("tab\there\u0000")).isEqualTo("tab_here_");
    assertThat(FileNaming.safeSegment("trailing.")).isEqualTo("trailing._");
    assertThat(FileNaming.safeSegment("   ")).isEqualTo("_");
    assertThat(FileNaming.fromContentDisposition("inline")).isEmpty();
    assertThat(FileNaming.fromContentDisposition("attachment; filename=plain.txt"))
        .hasValue("plain.txt");
    assertThat(FileNaming.fromContentDisposition("attachment; filename=\"C:\\\\x\\\\y.txt\""))
        .hasValue("y.txt");
  }

  @Test
  void anUnknownNaming_isRefusedNamingTheChoices() {
    assertThatThrownBy(() -> Downloads.settings(testKit.system(), "names", "pretty"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("actors.pipeline.names")
        .hasMessageContaining("hash, remote or tree");
  }
}
