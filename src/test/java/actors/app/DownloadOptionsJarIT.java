package actors.app;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import actors.pipeline.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request options of {@code actors download} as a user types them: headers and user agent reach
 * the server, a password given with {@code --user} or a netrc file appears in no output (not even
 * the debug log), and each bad value is one line naming the option, exit 2, before anything.
 */
@ExtendWith(TestKitLifecycle.class)
class DownloadOptionsJarIT {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final TestServer server = TestServer.start(testKit.system());

  @TempDir Path dir;

  @Test
  void headersAndUserAgent_fromTheCommandLine_reachTheServer() throws Exception {
    Path out = dir.resolve("out");
    PackagedJarIT.Result result =
        PackagedJarIT.runJar(
            "download",
            "-o",
            out.toString(),
            "--quiet",
            "-H",
            "X-One: 1",
            "--header",
            "X-Two: two words",
            "-A",
            "cli-agent/3",
            server.url("/echo/cli"));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    String seen = onlyBody(out);
    assertThat(seen).contains("x-one: 1\n", "x-two: two words\n", "user-agent: cli-agent/3\n");
  }

  @Test
  void aPassword_fromUserOrNetrc_isInNoOutput_notEvenTheDebugLog() throws Exception {
    Path netrc =
        Files.writeString(
            dir.resolve("netrc"),
            "machine 127.0.0.1 login " + TestServer.USER + " password " + TestServer.PASSWORD);
    List<String> debug = List.of("-DACTORS_LOG_LEVEL=DEBUG");
    for (List<String> credentials :
        List.of(
            List.of("--user", TestServer.USER + ":" + TestServer.PASSWORD),
            List.of("--netrc-file", netrc.toString()))) {
      Path out = dir.resolve("out-" + credentials.get(0).replace("-", ""));
      List<String> args = new ArrayList<>(List.of("download", "-o", out.toString(), "--json"));
      args.addAll(credentials);
      args.addAll(List.of("--retries", "1", server.url("/auth/secret"), server.url("/status/503")));
      PackagedJarIT.Result result = PackagedJarIT.runJar(debug, args.toArray(String[]::new));

      assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1); // the 503
      assertThat(onlyBody(out)).isEqualTo("welcome secret");
      assertThat(result.stderr()).contains("DEBUG").doesNotContain(TestServer.PASSWORD);
      assertThat(result.stdout()).contains("\"ok\":1").doesNotContain(TestServer.PASSWORD);
      try (Stream<Path> files = Files.walk(out)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          assertThat(Files.readString(file))
              .as(file.toString())
              .doesNotContain(TestServer.PASSWORD);
        }
      }
    }
  }

  @Test
  void badRequestOptions_areOneLine_exitTwo_beforeAnyRequest() throws Exception {
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
    String url = server.url("/files/never-requested");
    String[][] cases = {
      {"-H", "no colon"},
      {"-H", "Content-Length: 5"},
      {"--cacert", dir.resolve("missing.pem").toString()},
      {"--cacert", notPem.toString()},
      {"--cacert", notPem.toString(), "-k"},
      {"--proxy", "socks5://127.0.0.1:1080"},
      {"--limit-rate", "2GB"},
      {"--user", TestServer.USER},
      {"--netrc-file", dir.resolve("missing-netrc").toString()},
    };
    String[] named = {
      "--header",
      "--header",
      "--cacert",
      "--cacert",
      "contradict",
      "--proxy",
      "--limit-rate",
      "no password",
      "--netrc"
    };
    for (int i = 0; i < cases.length; i++) {
      List<String> args = new ArrayList<>(List.of("download", "-o", dir.resolve("o").toString()));
      args.addAll(List.of(cases[i]));
      args.add(url);
      PackagedJarIT.Result result = PackagedJarIT.runJar(args.toArray(String[]::new));
      assertThat(result.exitCode()).as(String.join(" ", cases[i])).isEqualTo(2);
      assertThat(result.stderr())
          .as(String.join(" ", cases[i]))
          .contains(named[i])
          .doesNotContain("\tat ", "Exception");
    }
    assertThat(server.requestsTo("/files/never-requested")).isZero();
  }

  @Test
  void aBodyCutOffByKill9_isContinuedByTheNextRun_fromWhereItStopped() throws Exception {
    int size = 400_000;
    String url = server.url("/ranged/killed?size=" + size + "&stall=150000");
    Path out = dir.resolve("out");
    Process first = PackagedJarIT.startJar("download", "-o", out.toString(), "--quiet", url);
    try {
      testKit
          .createTestProbe()
          .awaitAssert(
              java.time.Duration.ofSeconds(60),
              () -> {
                assertThat(partSizes(out.resolve(".actors-partial")))
                    .as("bytes of the body on disk")
                    .isEqualTo(150_000);
                return null;
              });
    } finally {
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no cancel
      first.waitFor(30, TimeUnit.SECONDS);
    }

    PackagedJarIT.Result second =
        PackagedJarIT.runJar("download", "-o", out.toString(), "--quiet", url);
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(server.lastHeadersOf("/ranged/killed")).contains("range: bytes=150000-\n");
    byte[] expected = TestServer.content("killed-v1", size);
    assertThat(Files.readAllBytes(onlyBodyFile(out))).isEqualTo(expected);
    assertThat(Files.readString(out.resolve("manifest.jsonl")))
        .contains("\"sha256\":\"" + actors.blocking.Digests.sha256(expected) + "\"");
    assertThat(out.resolve(".actors-partial")).doesNotExist();
  }

  @Test
  void https_selfSigned_isTls_withoutTheCertificate_andOkWithCacertOrInsecure() throws Exception {
    actors.pipeline.SelfSigned certificate =
        actors.pipeline.SelfSigned.in(Files.createDirectories(dir.resolve("keys")));
    try (TestServer https = TestServer.startTls(testKit.system(), certificate)) {
      String url = https.url("/files/tls-jar?size=5000");
      PackagedJarIT.Result refused =
          PackagedJarIT.runJar("download", "-o", dir.resolve("a").toString(), "--json", url);
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.stderr()).contains("(tls, line 1)").doesNotContain("\tat ");
      assertThat(Files.readString(dir.resolve("a").resolve("manifest.jsonl")))
          .contains("\"error\":\"tls\"", "\"attempts\":1");

      for (List<String> trust :
          List.of(List.of("--cacert", certificate.pem().toString()), List.of("-k"))) {
        Path out = dir.resolve("ok-" + trust.size());
        List<String> args = new ArrayList<>(List.of("download", "-o", out.toString(), "--quiet"));
        args.addAll(trust);
        args.add(url);
        PackagedJarIT.Result ok = PackagedJarIT.runJar(args.toArray(String[]::new));
        assertThat(ok.exitCode()).as(trust + ": " + ok.stderr()).isZero();
        assertThat(Files.size(onlyBodyFile(out))).isEqualTo(5000);
      }
    }
  }

  /** The bytes of the part files in {@code partial} (0 if none yet). */
  private static long partSizes(Path partial) throws Exception {
    if (!Files.isDirectory(partial)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(partial)) {
      long total = 0;
      for (Path file : files.filter(f -> f.toString().endsWith(".part")).toList()) {
        total += Files.size(file);
      }
      return total;
    }
  }

  /** The one body a run left in {@code out}. */
  private static String onlyBody(Path out) throws Exception {
    return Files.readString(onlyBodyFile(out));
  }

  private static Path onlyBodyFile(Path out) throws Exception {
    try (Stream<Path> files = Files.list(out)) {
      List<Path> bodies =
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().startsWith("manifest"))
              .toList();
      assertThat(bodies).hasSize(1);
      return bodies.get(0);
    }
  }
}
