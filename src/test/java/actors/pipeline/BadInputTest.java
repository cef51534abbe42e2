package actors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines and servers that once ended a whole run, or were reported in words a user could not act on:
 * each now gets its own manifest line with a documented error code, and the run goes on.
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class BadInputTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final TestServer server = TestServer.start(testKit.system());

  @TempDir Path out;

  @Test
  void urlsPekkoRefuses_eachGetItsOwnOutcome_andTheRunGoesOn() throws Exception {
    String port = server.url("").replaceFirst(".*:", "");
    String nonAscii = server.url("/ok/é?q=ü");
    String badPort = "http://127.0.0.1:70000/x";
    String noHost = "http:///nohost";
    String malformed = "http://127.0.0.1:" + port + "/a b";
    String good = server.url("/files/after-the-bad-ones?size=10");
    Downloads.Result result =
        Downloads.run(testKit.system(), List.of(nonAscii, badPort, noHost, malformed, good), out);

    assertThat(result.manifest()).hasSize(5);
    // Requested percent-encoded as UTF-8, as curl does: the server saw the decoded path.
    Outcome encoded = result.entryFor(nonAscii);
    assertThat(encoded.status()).isEqualTo(Outcome.Status.OK);
    assertThat(Files.readString(out.resolve(encoded.file()))).isEqualTo("/ok/%C3%A9");
    assertThat(result.entryFor(badPort).error()).isEqualTo("bad-port (line 2)");
    assertThat(result.entryFor(noHost).error()).isEqualTo("no-host (line 3)");
    assertThat(result.entryFor(malformed).error()).isEqualTo("malformed-url (line 4)");
    assertThat(result.entryFor(good).status()).isEqualTo(Outcome.Status.OK);
    assertThat(result.summary().exitCode()).isEqualTo(1);
  }

  @Test
  void credentialsInTheUrl_areSentAsBasicAuth_andNeverWrittenDown() throws Exception {
    String url = server.url("/auth/private").replace("://", "://tester:s3cret@");
    String masked = url.replace("tester:s3cret@", "tester:***@");
    Downloads.Result result = Downloads.run(testKit.system(), List.of(url), out);

    Outcome entry = result.entryFor(masked);
    assertThat(entry.status()).isEqualTo(Outcome.Status.OK);
    assertThat(Files.readString(out.resolve(entry.file()))).isEqualTo("welcome private");
    assertThat(entry.file()).doesNotContain("s3cret");
    assertThat(Files.readString(out.resolve("manifest.jsonl"))).doesNotContain("s3cret");
    assertThat(Files.readString(out.resolve("manifest.index.jsonl"))).doesNotContain("s3cret");
  }

  @Test
  void credentials_aWrongPasswordIsA401_andResumeMatchesTheMaskedForm() throws Exception {
    String wrong = server.url("/auth/refused").replace("://", "://tester:wrong@");
    assertThat(
            Downloads.run(testKit.system(), List.of(wrong), out)
                .entryFor(wrong.replace(":wrong@", ":***@"))
                .error())
        .isEqualTo("http-401");
    String url = server.url("/auth/resumed").replace("://", "://tester:s3cret@");
    assertThat(
            Downloads.run(testKit.system(), List.of(url), out).summary().count(Outcome.Status.OK))
        .isEqualTo(1);
    // The same URL, masked alike, is done: skipped without a request, whatever the password.
    String other = url.replace("tester:s3cret@", "tester:other@");
    Downloads.Result again = Downloads.run(testKit.system(), List.of(other), out);
    assertThat(again.summary().count(Outcome.Status.SKIPPED)).isEqualTo(1);
    assertThat(server.requestsTo("/auth/resumed")).isEqualTo(1);
  }

  @Test
  void tls_aServerThatDoesNotSpeakTls_isReportedAsTls() throws Exception {
    String url = server.url("/files/plain?size=10").replace("http://", "https://");
    Outcome entry = Downloads.run(testKit.system(), List.of(url), out).entryFor(url);
    assertThat(entry.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(entry.error()).isEqualTo("tls");
    assertThat(entry.attempts()).isEqualTo(1);
  }

  @Test
  void badResponse_aServerThatDoesNotSpeakHttp_isReportedAsBadResponse() throws Exception {
    try (ServerSocket garbage = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread answerer =
          new Thread(
              () -> {
                while (!garbage.isClosed()) {
                  try (Socket socket = garbage.accept()) {
                    socket.getInputStream().read(new byte[4096]);
                    socket
                        .getOutputStream()
                        .write("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  } catch (java.io.IOException closed) {
                    return;
                  }
                }
              });
      answerer.setDaemon(true);
      answerer.start();
      String url = "http://127.0.0.1:" + garbage.getLocalPort() + "/x";
      Outcome entry = Downloads.run(testKit.system(), List.of(url), out).entryFor(url);
      assertThat(entry.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(entry.error()).isEqualTo("bad-response");
    }
  }

  @Test
  void everyErrorInTheManifest_isOneOfTheDocumentedCodes() throws Exception {
    Downloads.Result result =
        Downloads.run(
            testKit.system(),
            List.of(
                server.url("/status/404"),
                "ftp://example.com/x",
                server.url("/loop/a"),
                server.url("/files/ok?size=1")),
            out);
    for (Outcome outcome : result.manifest()) {
      if (outcome.error() != null) {
        String code =
            outcome
                .error()
                .replaceFirst(" \\(line \\d+\\)$", "")
                .replaceFirst("^http-\\d{3}$", "http-status");
        assertThat(ErrorCode.valueOf(code.toUpperCase().replace('-', '_'))).isNotNull();
      }
    }
  }

  @Test
  void passwords_neverReachTheLog_evenOfLinesThatAreNoUrl() throws Exception {
    List<String> urls =
        List.of(
            server.url("/auth/logged").replace("://", "://tester:s3cret@"),
            "http://tester:s3cr/et@127.0.0.1:70000/x",
            "http://tester:s3cret@[bad/");
    LoggingTestKit.custom(event -> event.message().contains("s3cr"))
        .withOccurrences(0)
        .expect(
            testKit.system(),
            () -> {
              try {
                return Downloads.run(testKit.system(), urls, out);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(Files.readString(out.resolve("manifest.jsonl"))).doesNotContain("s3cr");
  }

  @Test
  void aUserNameARegexWouldChokeOn_isOneLine_andTheRunGoesOn() throws Exception {
    String odd = server.url("/auth/odd").replace("://", "://a$b\\c:pw@");
    String good = server.url("/files/after-odd?size=10");
    Downloads.Result result = Downloads.run(testKit.system(), List.of(odd, good), out);
    assertThat(result.manifest()).hasSize(2);
    assertThat(result.entryFor(good).status()).isEqualTo(Outcome.Status.OK);
  }
}
