package actors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import actors.TestKitLifecycle;
import actors.support.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a request carries besides its URL ({@link RequestSettings}): headers and user agent as the
 * server sees them, basic auth from {@code --user} and from a netrc file, a proxy that counts the
 * tunnels it opened, and https against a self-signed certificate: trusted with its PEM, refused
 * ({@code tls}) without it, accepted with {@code insecure}.
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class RequestOptionsTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final TestServer server = TestServer.start(testKit.system());
  static SelfSigned certificate;
  static TestServer https;

  @TempDir static Path keys;
  @TempDir Path out;

  @BeforeAll
  static void startHttps() throws Exception {
    certificate = SelfSigned.in(keys);
    https = TestServer.startTls(testKit.system(), certificate);
  }

  @AfterAll
  static void stopHttps() throws Exception {
    https.close();
  }

  Downloads.Result download(PipelineSettings settings, String url) throws Exception {
    return Downloads.run(testKit.system(), settings, List.of(url), out);
  }

  String body(Downloads.Result result, String url) throws Exception {
    Outcome line = result.entryFor(url);
    assertThat(line.status()).as("%s: %s", url, line.error()).isEqualTo(Outcome.Status.OK);
    return Files.readString(out.resolve(line.file()));
  }

  @Test
  void headersAndUserAgent_reachTheServer_once() throws Exception {
    PipelineSettings settings =
        Downloads.settings(
            testKit.system(),
            "headers",
            List.of("X-Trace: abc 123", "Accept: text/plain"),
            "user-agent",
            "actors-test/1.0 (+https://example.org)");
    String url = server.url("/echo/h");
    String seen = body(download(settings, url), url);

    assertThat(seen).contains("x-trace: abc 123\n", "accept: text/plain\n");
    assertThat(seen.lines().filter(l -> l.startsWith("user-agent:")))
        .containsExactly("user-agent: actors-test/1.0 (+https://example.org)");
  }

  @Test
  void aUserAgentHeader_winsOverTheUserAgentKey() throws Exception {
    PipelineSettings settings =
        Downloads.settings(
            testKit.system(), "headers", "User-Agent: from-header", "user-agent", "from-key");
    String url = server.url("/echo/ua");
    assertThat(body(download(settings, url), url).lines().filter(l -> l.startsWith("user-agent")))
        .containsExactly("user-agent: from-header");
  }

  @Test
  void badHeaders_areRefusedNamingTheKey() {
    for (String bad : List.of("no colon", ": no name", "Bad Name: x", "Content-Length: 3")) {
      assertThatThrownBy(() -> Downloads.settings(testKit.system(), "headers", List.of(bad)))
          .as(bad)
          .isInstanceOf(InvalidSettingException.class)
          .hasMessageContaining("actors.pipeline.headers");
    }
  }

  @Test
  void user_authenticatesTheUrlsOwnHost() throws Exception {
    String url = server.url("/auth/user-option");
    PipelineSettings settings =
        Downloads.settings(testKit.system())
            .withCredentials(Credentials.user(TestServer.USER + ":" + TestServer.PASSWORD));
    assertThat(body(download(settings, url), url)).isEqualTo("welcome user-option");
    assertThat(settings.toString()).doesNotContain(TestServer.PASSWORD);
  }

  @Test
  void withoutCredentials_theServersRefusalIsTheLinesError() throws Exception {
    String url = server.url("/auth/none");
    Outcome line = download(Downloads.settings(testKit.system()), url).entryFor(url);
    assertThat(line.error()).isEqualTo("http-401");
  }

  @Test
  void netrc_givesTheUserOfTheMachine_andTheDefaultElsewhere() throws Exception {
    Path netrc = keys.resolve("netrc");
    Files.writeString(
        netrc,
        "# tests\nmachine example.org login someone password other\n"
            + "machine 127.0.0.1\n  login "
            + TestServer.USER
            + "\n  password \""
            + TestServer.PASSWORD
            + "\"\ndefault login nobody password nothing\n");
    Credentials credentials = Credentials.netrc(netrc);
    String url = server.url("/auth/netrc");
    assertThat(
            body(
                download(Downloads.settings(testKit.system()).withCredentials(credentials), url),
                url))
        .isEqualTo("welcome netrc");
    assertThat(credentials.authorization("elsewhere.test")).isPresent();
    assertThat(credentials.toString()).doesNotContain(TestServer.PASSWORD, "nothing", "other");
  }

  @Test
  void netrc_macrosAreSkipped_toTheNextEmptyLine_andTheEntriesAfterThemRead() throws Exception {
    Path netrc = keys.resolve("macro-netrc");
    Files.writeString(
        netrc,
        "macdef init\ncd /pub\nmachine fake login x password y\n\nmachine 127.0.0.1 login "
            + TestServer.USER
            + " password "
            + TestServer.PASSWORD
            + "\n");
    Credentials credentials = Credentials.netrc(netrc);
    assertThat(credentials.authorization("127.0.0.1")).isPresent();
    assertThat(credentials.authorization("fake")).isEmpty();
  }

  @Test
  void netrc_thatCannotBeRead_saysWhereAndWhy() throws Exception {
    Path netrc = keys.resolve("bad-netrc");
    Files.writeString(netrc, "machine a login b passwd c\n");
    assertThatThrownBy(() -> Credentials.netrc(netrc))
        .hasMessageContaining(netrc.toString())
        .hasMessageContaining("word 5 is not login, password or account");
    Path spaced = keys.resolve("spaced-netrc");
    Files.writeString(spaced, "machine a login b password p4 zq9\n");
    assertThatThrownBy(() -> Credentials.netrc(spaced))
        .hasMessageContaining("unquoted?")
        .message()
        .doesNotContain("zq9");
    assertThatThrownBy(() -> Credentials.netrc(keys.resolve("missing")))
        .hasMessageContaining("cannot read");
  }

  @Test
  void proxy_carriesEveryRequest_throughATunnel() throws Exception {
    try (TestProxy proxy = new TestProxy()) {
      PipelineSettings settings = Downloads.settings(testKit.system(), "proxy", proxy.url());
      String url = server.url("/files/proxied?size=5000");
      download(settings, url);
      assertThat(Downloads.bodiesIn(out)).hasSize(1);
      assertThat(proxy.connectCount()).isPositive();
      assertThat(proxy.connects).containsKey(url.replaceAll("^http://([^/]+)/.*", "$1"));

      String secure = https.url("/files/proxied-tls?size=5000");
      PipelineSettings tls =
          Downloads.settings(
              testKit.system(), "proxy", proxy.url(), "cacert", certificate.pem().toString());
      assertThat(download(tls, secure).entryFor(secure).status()).isEqualTo(Outcome.Status.OK);
      assertThat(proxy.connects).containsKey(secure.replaceAll("^https://([^/]+)/.*", "$1"));
    }
  }

  @Test
  void aProxyThatRefuses_isTheLinesError_proxyRefused() throws Exception {
    try (TestProxy proxy = new TestProxy("407 Proxy Authentication Required")) {
      String url = server.url("/files/refused-by-proxy");
      Outcome line =
          download(Downloads.settings(testKit.system(), "proxy", proxy.url()), url).entryFor(url);
      assertThat(line.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(line.error()).isEqualTo("proxy-refused");
      assertThat(server.requestsTo("/files/refused-by-proxy")).isZero();
    }
  }

  @Test
  void https_withTheCertificatesPem_isTrusted() throws Exception {
    String url = https.url("/files/tls?size=3000");
    PipelineSettings settings =
        Downloads.settings(testKit.system(), "cacert", certificate.pem().toString());
    Outcome line = download(settings, url).entryFor(url);
    assertThat(line.status()).as(String.valueOf(line.error())).isEqualTo(Outcome.Status.OK);
    assertThat(line.bytes()).isEqualTo(3000);
  }

  @Test
  void https_withAnUntrustedCertificate_failsAsTls_notRetried() throws Exception {
    String url = https.url("/files/untrusted");
    Outcome line = download(Downloads.settings(testKit.system()), url).entryFor(url);
    assertThat(line.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(line.error()).isEqualTo("tls");
    assertThat(line.attempts()).isEqualTo(1);
  }

  @Test
  void https_insecure_acceptsAnyCertificate() throws Exception {
    String url = https.url("/files/insecure?size=100");
    Outcome line =
        download(Downloads.settings(testKit.system(), "insecure", true), url).entryFor(url);
    assertThat(line.status()).as(String.valueOf(line.error())).isEqualTo(Outcome.Status.OK);
  }

  @Test
  void cacert_thatIsNoCertificate_isRefusedNamingTheFile() throws Exception {
    Path notPem = keys.resolve("not.pem");
    Files.writeString(notPem, "hello");
    assertThatThrownBy(() -> Downloads.settings(testKit.system(), "cacert", notPem.toString()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("actors.pipeline.cacert")
        .hasMessageContaining(notPem.toString());
    assertThatThrownBy(
            () ->
                Downloads.settings(
                    testKit.system(), "cacert", certificate.pem().toString(), "insecure", true))
        .hasMessageContaining("contradict");
  }
}
