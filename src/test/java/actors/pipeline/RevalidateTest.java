package actors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revalidate}: a URL an earlier run completed is asked again with its validators; 304 keeps
 * it {@code skipped} (the file untouched), 200 replaces the file. Without it, a complete file costs
 * no request, changed or not.
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class RevalidateTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final TestServer server = TestServer.start(testKit.system());

  @TempDir Path out;

  Outcome run(String url, boolean revalidate) throws Exception {
    return Downloads.run(
            testKit.system(),
            Downloads.settings(testKit.system(), "revalidate", revalidate),
            List.of(url),
            out)
        .entryFor(url);
  }

  @Test
  void anUnchangedBody_is304AndSkipped_aChangedOneReplacesTheFile() throws Exception {
    String url = server.url("/versioned/etagged");
    Outcome first = run(url, false);
    assertThat(first.etag()).isEqualTo("\"etagged-v1\"");
    assertThat(first.lastModified()).isNotNull();

    Outcome same = run(url, true);
    assertThat(same.status()).isEqualTo(Outcome.Status.SKIPPED);
    assertThat(same.httpStatus()).isEqualTo(304);
    assertThat(same.attempts()).isEqualTo(1);
    assertThat(server.lastHeaders.get("/versioned/etagged"))
        .contains("if-none-match: \"etagged-v1\"\n");
    assertThat(Files.readString(out.resolve(same.file()))).isEqualTo("etagged version 1");

    server.version("etagged", 2);
    assertThat(run(url, false).status())
        .as("no revalidation: no request")
        .isEqualTo(Outcome.Status.SKIPPED);
    assertThat(server.requestsTo("/versioned/etagged")).isEqualTo(2);

    Outcome changed = run(url, true);
    assertThat(changed.status()).isEqualTo(Outcome.Status.OK);
    assertThat(changed.etag()).isEqualTo("\"etagged-v2\"");
    assertThat(changed.file()).isEqualTo(first.file());
    assertThat(Files.readString(out.resolve(changed.file()))).isEqualTo("etagged version 2");
    assertThat(Downloads.bodiesIn(out)).hasSize(1);
  }

  @Test
  void withoutAnEtag_theLastModifiedIsAsked() throws Exception {
    String url = server.url("/versioned/dated-only");
    assertThat(run(url, false).etag()).isNull();
    Outcome same = run(url, true);
    assertThat(same.httpStatus()).isEqualTo(304);
    assertThat(server.lastHeaders.get("/versioned/dated-only"))
        .contains("if-modified-since: ")
        .doesNotContain("if-none-match");
    server.version("dated-only", 3);
    assertThat(run(url, true).status()).isEqualTo(Outcome.Status.OK);
    assertThat(Files.readString(out.resolve(same.file()))).isEqualTo("dated-only version 3");
  }

  @Test
  void aServerWithoutValidators_isAskedSinceTheFilesTime_andItsAnswerTaken() throws Exception {
    String url = server.url("/files/no-validators?size=500");
    run(url, false);
    Outcome again = run(url, true);
    assertThat(server.lastHeaders.get("/files/no-validators")).contains("if-modified-since: ");
    assertThat(again.status()).isEqualTo(Outcome.Status.OK); // it ignores the condition: 200
    assertThat(server.requestsTo("/files/no-validators")).isEqualTo(2);
  }
}
