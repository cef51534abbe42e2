package actors.app;

import static org.assertj.core.api.Assertions.assertThat;

import actors.pipeline.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code actors serve} from the packaged jar, as a user and a service manager run it: the ready
 * line on stdout, SIGTERM and SIGINT ending it with exit 0, a second server on the same data
 * refused, and what survives a {@code kill -9}: every answered increment, and a running job that
 * resumes without fetching its complete files again.
 */
class ServeJarIT {

  static final ActorTestKit files = ActorTestKit.create("files");
  static final TestServer web = TestServer.start(files.system());
  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern READY = Pattern.compile("serving on http://127\\.0\\.0\\.1:(\\d+)");
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path data;

  @AfterAll
  static void stopWeb() throws Exception {
    web.close();
    files.shutdownTestKit();
  }

  /** A running {@code actors serve}: its process, port, and the stderr file. */
  record Server(Process process, int port, Path stderr) {
    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
      return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
      return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    long counter(String name) throws Exception {
      return JSON.readTree(send(request("/counters/" + name)).body()).get("value").asLong();
    }

    int exit() throws InterruptedException {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the server stops").isTrue();
      return process.exitValue();
    }

    void signal(String name) throws Exception {
      new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor();
    }
  }

  /** Every server a test started: one a failed test left running is killed after it. */
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  Server start() throws Exception {
    Path stderr = Files.createTempFile(data.getParent(), "serve-", ".err");
    Process process =
        new ProcessBuilder(PackagedJarIT.command("serve", "--port", "0", "--data", data.toString()))
            .redirectError(stderr.toFile())
            .start();
    started.add(process);
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> readLine(stdout));
    String ready = line.get(60, TimeUnit.SECONDS);
    Matcher matcher = READY.matcher(ready == null ? "" : ready);
    assertThat(matcher.matches())
        .as("the ready line, got %s; stderr: %s", ready, Files.readString(stderr))
        .isTrue();
    return new Server(process, Integer.parseInt(matcher.group(1)), stderr);
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      return null;
    }
  }

  @Test
  void sigterm_stopsWithExit0_andIncrementsSurviveKill9() throws Exception {
    Server server = start();
    long answered = 0;
    for (int i = 0; i < 50; i++) {
      HttpResponse<String> response =
          server.send(server.request("/counters/kept/increment").POST(BodyPublishers.noBody()));
      assertThat(response.statusCode()).isEqualTo(200);
      answered = JSON.readTree(response.body()).get("value").asLong();
    }
    server.process().destroyForcibly(); // kill -9, right after the last answer
    server.process().waitFor(30, TimeUnit.SECONDS);

    Server restarted = start();
    assertThat(restarted.counter("kept")).isEqualTo(answered).isEqualTo(50);
    restarted.signal("TERM");
    assertThat(restarted.exit()).isZero();
    String stderr = Files.readString(restarted.stderr());
    assertThat(stderr)
        .contains("SIGTERM: stopping")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(data.resolve(".actors-lock")).doesNotExist();

    Server again = start();
    assertThat(again.counter("kept")).isEqualTo(50);
    again.signal("INT");
    assertThat(again.exit()).isZero();
  }

  @Test
  void secondServerOnTheSameData_isRefusedWithExit2() throws Exception {
    Server first = start();
    PackagedJarIT.Result second =
        PackagedJarIT.runJar("serve", "--port", "0", "--data", data.toString());
    assertThat(second.exitCode()).isEqualTo(2);
    assertThat(second.stderr())
        .contains("in use by another run (pid " + first.process().pid() + ")");
    assertThat(second.stdout()).isEmpty();
    first.signal("TERM");
    assertThat(first.exit()).isZero();
  }

  @Test
  void badOptions_andABusyPort_areOneLineAndExit2() throws Exception {
    PackagedJarIT.Result badPort = PackagedJarIT.runJar("serve", "--port", "70000");
    assertThat(badPort.exitCode()).isEqualTo(2);
    assertThat(badPort.stderr()).contains("actors.serve.port must be between 0 and 65535");
    PackagedJarIT.Result badConfig =
        PackagedJarIT.runJar("serve", "-Dactors.serve.ask-timeout=soon");
    assertThat(badConfig.exitCode()).isEqualTo(2);
    assertThat(badConfig.stderr()).contains("ask-timeout").doesNotContain("\tat ");
    Server first = start();
    PackagedJarIT.Result busy =
        PackagedJarIT.runJar(
            "serve",
            "--port",
            String.valueOf(first.port()),
            "--data",
            data.resolve("other").toString());
    assertThat(busy.exitCode()).isEqualTo(2);
    assertThat(busy.stderr())
        .contains("cannot listen on 127.0.0.1:" + first.port())
        .doesNotContain("\tat ");
    first.signal("TERM");
    assertThat(first.exit()).isZero();
  }

  @Test
  void runningJob_resumesAfterKill9_withoutRefetchingCompleteFiles() throws Exception {
    Server server = start();
    StringBuilder urls = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      urls.append(web.url("/files/kill" + i + "?size=5000")).append('\n');
    }
    urls.append(web.url("/hang?kill=1")).append('\n');
    HttpResponse<String> created =
        server.send(
            server
                .request("/jobs?parallelism=6")
                .header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString(urls.toString())));
    assertThat(created.statusCode()).isEqualTo(201);
    String id = JSON.readTree(created.body()).get("id").asText();
    awaitProgress(server, id, "ok", 5);
    // A line is counted when it ends, and recorded (index, manifest) a moment later: kill -9
    // only once the manifest has all five, or a busy machine re-fetches the last one.
    files
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(60),
            () -> {
              String manifest = server.send(server.request("/jobs/" + id + "/manifest")).body();
              assertThat(manifest.split("\"ok\"", -1)).as("5 ok lines in the manifest").hasSize(6);
              return null;
            });
    server.process().destroyForcibly();
    server.process().waitFor(30, TimeUnit.SECONDS);

    Server restarted = start();
    JsonNode resumed = awaitProgress(restarted, id, "skipped", 5);
    assertThat(resumed.get("status").asText()).isEqualTo("running");
    for (int i = 0; i < 5; i++) {
      assertThat(web.requestsTo("/files/kill" + i)).isEqualTo(1);
    }
    assertThat(restarted.send(restarted.request("/jobs/" + id).DELETE()).statusCode())
        .isEqualTo(202);
    restarted.signal("TERM");
    assertThat(restarted.exit()).isZero();
  }

  /** Reads the job's events until {@code field} reaches {@code value}; that event's data. */
  static JsonNode awaitProgress(Server server, String id, String field, long value)
      throws Exception {
    HttpResponse<java.util.stream.Stream<String>> events =
        HTTP.send(
            server.request("/jobs/" + id + "/events").timeout(Duration.ofSeconds(20)).build(),
            BodyHandlers.ofLines());
    CompletableFuture<JsonNode> found =
        CompletableFuture.supplyAsync(
            () -> {
              for (String line : (Iterable<String>) events.body()::iterator) {
                if (line.startsWith("data:")) {
                  try {
                    JsonNode data = JSON.readTree(line.substring(5));
                    // A heartbeat (after 15 s without an event: a slow restart) has no data.
                    if (data.has(field) && data.get(field).asLong() >= value) {
                      return data;
                    }
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                }
              }
              throw new AssertionError("the events ended before " + field + " reached " + value);
            });
    try {
      return found.get(60, TimeUnit.SECONDS);
    } finally {
      events.body().close();
    }
  }
}
