// One file of some 350 lines on purpose: one scenario across three processes (start, load,
// kill -9, check, SIGTERM), and the helpers that read the cluster it runs.
package actors.app;

import static org.assertj.core.api.Assertions.assertThat;

import actors.pipeline.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/cluster-local 3}: three processes of the packaged jar, one cluster, one H2 journal in
 * mixed mode. One node is {@code kill -9}-ed while counters are incremented through all three; the
 * split-brain resolver downs it, its shards start on the others, and every answered increment is
 * still counted; a download job running across the three at that moment still ends with one
 * manifest line per input line, each file on the node its line names. SIGTERM to the script then
 * stops the other two gracefully, and it exits 0.
 */
class ClusterLocalIT {

  static final Path SCRIPT = Path.of("bin", "cluster-local").toAbsolutePath();
  static final Pattern NODE =
      Pattern.compile("node (\\d) http://127\\.0\\.0\\.1:(\\d+) pid (\\d+)");
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  static final int COUNTERS = 6;

  static final ActorTestKit files = ActorTestKit.create("files");
  static final TestServer web = TestServer.start(files.system());
  static final int JOB_LINES = 400;

  @TempDir Path dir;

  @AfterAll
  static void stopWeb() throws Exception {
    web.close();
    files.shutdownTestKit();
  }

  record Node(int port, long pid) {}

  @Test
  void kill9OfANode_duringIncrementsAndAJob_losesNothing_andSigtermStopsTheRest() throws Exception {
    int http = freeRun(3);
    int artery = freeRun(3);
    while (artery < http + 3 && http < artery + 3) { // the two runs were free one at a time
      artery = freeRun(3);
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                SCRIPT.toString(),
                "3",
                "--data",
                dir.toString(),
                "--port",
                Integer.toString(http),
                "--node-port",
                Integer.toString(artery))
            .redirectError(dir.resolve("cluster-local.err").toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process script = builder.start();
    try {
      List<Node> nodes = readNodes(script, dir);
      AtomicLong[] acked = new AtomicLong[COUNTERS];
      for (int c = 0; c < COUNTERS; c++) {
        acked[c] = new AtomicLong();
      }
      AtomicLong uncertain = new AtomicLong();
      CountDownLatch midway = new CountDownLatch(100);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> load = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int thread = t;
        load.add(
            pool.submit(
                () -> {
                  for (int k = 0; k < 120; k++) {
                    int counter = (thread + k) % COUNTERS;
                    Node node = nodes.get((thread + k) % 3);
                    try {
                      HttpResponse<String> response =
                          post(node, "/counters/k" + counter + "/increment");
                      if (response.statusCode() == 200) {
                        acked[counter].incrementAndGet();
                        midway.countDown();
                      } else {
                        uncertain.incrementAndGet();
                      }
                    } catch (IOException e) {
                      uncertain.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      String job = submitJob(nodes.get(0));
      assertThat(midway.await(120, TimeUnit.SECONDS)).isTrue();
      awaitOk(nodes.get(1), job, 50);
      Instant killed = Instant.now();
      new ProcessBuilder("kill", "-9", Long.toString(nodes.get(2).pid())).start().waitFor();
      for (Future<?> f : load) {
        f.get(300, TimeUnit.SECONDS);
      }
      pool.shutdown();

      long total = 0;
      long answered = 0;
      for (int c = 0; c < COUNTERS; c++) {
        long value = readOnceAvailable(nodes.get(0), "k" + c, killed.plusSeconds(120));
        assertThat(readOnceAvailable(nodes.get(1), "k" + c, killed.plusSeconds(120)))
            .isEqualTo(value);
        assertThat(value).as("counter k%d", c).isGreaterThanOrEqualTo(acked[c].get());
        total += value;
        answered += acked[c].get();
      }
      assertThat(total).isBetween(answered, answered + uncertain.get());
      checkJob(nodes, job, artery);

      new ProcessBuilder("kill", "-TERM", Long.toString(script.pid())).start().waitFor();
      assertThat(script.waitFor(90, TimeUnit.SECONDS)).as("cluster-local stops").isTrue();
      assertThat(script.exitValue()).isZero();
      for (Node node : nodes) {
        assertThat(ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false))
            .as("node pid %d", node.pid())
            .isFalse();
      }
      String log = Files.readString(dir.resolve("node-1").resolve("serve.log"));
      assertThat(log).contains("SIGTERM: stopping").doesNotContain("\tat ");
    } finally {
      script.descendants().forEach(ProcessHandle::destroyForcibly);
      script.destroyForcibly();
    }
  }

  private static String submitJob(Node node) throws Exception {
    String urls =
        IntStream.range(0, JOB_LINES)
            .mapToObj(i -> web.url("/files/cl" + i + "?size=3000&delay=300"))
            .collect(Collectors.joining("\n"));
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/jobs"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString(urls))
                .build(),
            BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).get("id").asText();
  }

  private static JsonNode getJson(Node node, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .timeout(Duration.ofSeconds(20))
                .build(),
            BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Waits (bounded) until the job has at least {@code ok} lines done. */
  private static void awaitOk(Node node, String job, long ok) throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    while (getJson(node, "/jobs/" + job).get("ok").asLong() < ok) {
      assertThat(Instant.now()).as("job %s reaches %d ok lines", job, ok).isBefore(deadline);
      TimeUnit.MILLISECONDS.sleep(200); // the poll interval of this bounded wait
    }
  }

  /**
   * The job ended {@code done} despite the node killed during it: one manifest line per input line,
   * each ok line naming a node, its file there (node i's Artery port is artery + i - 1).
   */
  private void checkJob(List<Node> nodes, String job, int artery) throws Exception {
    Instant deadline = Instant.now().plusSeconds(180);
    JsonNode view;
    while (!(view = getJson(nodes.get(1), "/jobs/" + job)).get("status").asText().equals("done")) {
      if (!Instant.now().isBefore(deadline)) {
        throw new AssertionError(
            "job "
                + job
                + " did not end: "
                + view
                + "\n"
                + getJson(nodes.get(1), "/cluster")
                + startLogs(dir, 80));
      }
      TimeUnit.MILLISECONDS.sleep(200); // the poll interval of this bounded wait
    }
    HttpResponse<String> manifest =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + nodes.get(0).port() + "/jobs/" + job + "/manifest"))
                .timeout(Duration.ofSeconds(20))
                .build(),
            BodyHandlers.ofString());
    Set<Long> lines = new HashSet<>();
    for (String text : manifest.body().split("\n")) {
      JsonNode line = JSON.readTree(text);
      assertThat(lines.add(line.get("line").asLong())).as("line %s once", text).isTrue();
      assertThat(line.get("status").asText()).isIn("ok", "skipped");
      int port = Integer.parseInt(line.get("node").asText().replaceAll(".*:", ""));
      Path file =
          dir.resolve("node-" + (port - artery + 1))
              .resolve("jobs")
              .resolve(job)
              .resolve(line.get("file").asText());
      assertThat(file).as("file of %s", text).exists();
    }
    assertThat(lines).hasSize(JOB_LINES);
  }

  private static List<Node> readNodes(Process script, Path dir) throws Exception {
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8));
    List<Node> nodes =
        CompletableFuture.supplyAsync(
                () -> {
                  List<Node> read = new ArrayList<>();
                  for (int i = 1; i <= 3; i++) {
                    String line = readLine(stdout);
                    Matcher matcher = NODE.matcher(line == null ? "" : line);
                    assertThat(matcher.matches())
                        .as("node line, got %s; %s", line, startLogs(dir, 30))
                        .isTrue();
                    assertThat(Integer.parseInt(matcher.group(1))).isEqualTo(i);
                    read.add(
                        new Node(
                            Integer.parseInt(matcher.group(2)), Long.parseLong(matcher.group(3))));
                  }
                  return read;
                })
            .get(180, TimeUnit.SECONDS);
    return nodes;
  }

  /** What the script and each node said last, for a failure (CI keeps no temp files). */
  private static String startLogs(Path dir, int lines) {
    StringBuilder logs = new StringBuilder();
    List<Path> files = new ArrayList<>(List.of(dir.resolve("cluster-local.err")));
    for (int i = 1; i <= 3; i++) {
      files.add(dir.resolve("node-" + i).resolve("serve.log"));
    }
    for (Path file : files) {
      try {
        List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
        logs.append("\n--- ").append(dir.relativize(file)).append(" (last lines):\n");
        text.subList(Math.max(0, text.size() - lines), text.size())
            .forEach(l -> logs.append(l).append('\n'));
      } catch (IOException e) {
        logs.append("\n--- ").append(file).append(": ").append(e);
      }
    }
    return logs.toString();
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      return null;
    }
  }

  private static HttpResponse<String> post(Node node, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
            .timeout(Duration.ofSeconds(20))
            .POST(BodyPublishers.noBody())
            .build(),
        BodyHandlers.ofString());
  }

  /** A counter's value, once its shard answers again after the node's death (bounded). */
  private static long readOnceAvailable(Node node, String name, Instant deadline) throws Exception {
    while (true) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + node.port() + "/counters/" + name))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        return JSON.readTree(response.body()).get("value").asLong();
      }
      assertThat(Instant.now())
          .as("counter %s readable again: %s", name, response.body())
          .isBefore(deadline);
      TimeUnit.MILLISECONDS.sleep(200); // the poll interval of this bounded wait
    }
  }

  /** The first of {@code n} consecutive free ports (cluster-local numbers its nodes' ports so). */
  private static int freeRun(int n) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base;
      try (ServerSocket probe = new ServerSocket(0)) {
        base = probe.getLocalPort();
      }
      if (base + n > 65535) {
        continue;
      }
      boolean free = true;
      for (int p = base; p < base + n && free; p++) {
        try (ServerSocket socket = new ServerSocket(p)) {
          socket.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no " + n + " consecutive free ports");
  }
}
