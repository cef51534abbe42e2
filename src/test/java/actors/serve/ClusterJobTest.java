package actors.serve;

import static actors.serve.ClusterFailoverTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import actors.pipeline.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download job on three nodes in this JVM: its lines are pulled by workers on every node, each
 * file is under the node that fetched it, and the manifest (one line per input line, each naming
 * its node) is served by any node. Then the node holding the job's entity is downed mid-job: the
 * entity starts again elsewhere, the lines the dead node had not reported go to the others, and the
 * job still ends with exactly one manifest line per input line.
 */
@ExtendWith(LogCapturingExtension.class)
class ClusterJobTest {

  static final ActorTestKit files = ActorTestKit.create("files");
  static TestServer web;

  @TempDir Path dir;

  @BeforeAll
  static void startWeb() {
    web = TestServer.start(files.system());
  }

  @AfterAll
  static void stopWeb() throws Exception {
    web.close();
    files.shutdownTestKit();
  }

  static String urls(String prefix, int n, int delayMs) {
    return IntStream.range(0, n)
        .mapToObj(i -> web.url("/files/" + prefix + i + "?size=2000&delay=" + delayMs))
        .collect(Collectors.joining("\n"));
  }

  static String submit(Client client, String body) throws Exception {
    HttpResponse<String> created =
        client.send(
            client
                .request("/jobs?parallelism=8")
                .header("Content-Type", "text/plain; charset=UTF-8")
                .POST(BodyPublishers.ofString(body))
                .build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return Client.json(created).get("id").asText();
  }

  /** The job once it has ended, read through {@code node} (bounded wait). */
  static JsonNode awaitEnded(TestCluster cluster, int node, String id) {
    return TestProbe.create(cluster.node(node).system())
        .awaitAssert(
            Duration.ofSeconds(120),
            Duration.ofMillis(250),
            () -> {
              JsonNode job = json(cluster.client(node), "/jobs/" + id);
              assertThat(job.path("status").asText()).isIn("done", "cancelled", "failed");
              return job;
            });
  }

  static List<JsonNode> manifest(Client client, String id) throws Exception {
    HttpResponse<String> response = client.get("/jobs/" + id + "/manifest");
    assertThat(response.statusCode()).isEqualTo(200);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (!line.isBlank()) {
        lines.add(Json.MAPPER.readTree(line));
      }
    }
    return lines;
  }

  /** Every input line once, every file on the node its line names; the lines per node. */
  Map<String, Integer> checkManifest(TestCluster cluster, List<JsonNode> lines, String id, int n)
      throws Exception {
    Set<Long> numbers = new HashSet<>();
    Map<String, Integer> byNode = new HashMap<>();
    Map<String, Integer> nodeIndex = new HashMap<>();
    for (int i = 0; i < cluster.size(); i++) {
      nodeIndex.put(cluster.address(i).toString(), i);
    }
    for (JsonNode line : lines) {
      assertThat(numbers.add(line.get("line").asLong())).as("line %s once", line).isTrue();
      if (line.get("status").asText().equals("ok")
          || line.get("status").asText().equals("skipped")) {
        String node = line.get("node").asText();
        assertThat(nodeIndex).containsKey(node);
        byNode.merge(node, 1, Integer::sum);
        Path file =
            dir.resolve("node-" + nodeIndex.get(node))
                .resolve("jobs")
                .resolve(id)
                .resolve(line.get("file").asText());
        assertThat(file).as("the file of %s", line).exists();
        assertThat(Files.size(file)).isEqualTo(2000);
      }
    }
    assertThat(numbers)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(1, n).mapToObj(Long::valueOf).toList());
    return byNode;
  }

  @Test
  void job_isPulledByWorkersOnEveryNode_andItsManifestIsServedByAny() throws Exception {
    try (TestCluster cluster = TestCluster.start(dir, 3)) {
      String body =
          urls("every", 240, 20) + "\nnot a url\n" + web.url("/files/every0?size=2000&delay=20");
      String id = submit(cluster.client(1), body);
      // Progress followed through another node: the job's updates cross nodes to the stream.
      List<Client.Event> events = cluster.client(2).events("/jobs/" + id + "/events");
      assertThat(events.get(events.size() - 1).type()).isEqualTo("end");
      JsonNode job = awaitEnded(cluster, 2, id);
      assertThat(job.get("status").asText()).isEqualTo("done");
      assertThat(job.get("ok").asLong()).isEqualTo(240);
      assertThat(job.get("invalid").asLong()).isEqualTo(1);
      assertThat(job.get("duplicate").asLong()).isEqualTo(1);

      List<JsonNode> lines = manifest(cluster.client(0), id);
      assertThat(lines).hasSize(242);
      Map<String, Integer> byNode = checkManifest(cluster, lines, id, 242);
      assertThat(byNode).as("lines fetched per node").hasSize(3);
      assertThat(manifest(cluster.client(2), id)).hasSize(242);
      JsonNode list = json(cluster.client(2), "/jobs");
      assertThat(list.findValuesAsText("id")).contains(id);
    }
  }

  @Test
  void nodeHoldingTheJob_crashedMidJob_everyLineStillEndsOnce() throws Exception {
    try (TestCluster cluster = TestCluster.start(dir, 3)) {
      String id = submit(cluster.client(0), urls("down", 240, 40));
      TestProbe.create(cluster.node(0).system())
          .awaitAssert(
              Duration.ofSeconds(60),
              Duration.ofMillis(100),
              () -> {
                assertThat(json(cluster.client(0), "/jobs/" + id).get("ok").asLong())
                    .isGreaterThanOrEqualTo(40);
                return null;
              });
      int holder =
          TestProbe.create(cluster.node(0).system())
              .awaitAssert(
                  Duration.ofSeconds(30), Duration.ofMillis(250), () -> holderOf(cluster, 0, id));
      int other = (holder + 1) % 3;
      // Followed through a node that survives: the stream must still end when the job does,
      // though the job's entity (and its list of subscribers) starts again on another node.
      CountDownLatch following = new CountDownLatch(1);
      CompletableFuture<List<Client.Event>> events =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return cluster
                      .client(other)
                      .eventsUntil(
                          "/jobs/" + id + "/events",
                          event -> {
                            following.countDown();
                            return event.type().equals("end");
                          },
                          Duration.ofSeconds(120)); // the failover, then the rest of the job
                } catch (Exception e) {
                  throw new CompletionException(e);
                }
              });
      assertThat(following.await(30, TimeUnit.SECONDS)).as("the stream is open").isTrue();
      cluster.crash(holder);

      JsonNode job = awaitEnded(cluster, other, id);
      assertThat(job.get("status").asText()).isEqualTo("done");
      assertThat(job.get("ok").asLong() + job.get("skipped").asLong()).isEqualTo(240);
      List<JsonNode> lines = manifest(cluster.client(other), id);
      assertThat(lines).hasSize(240);
      checkManifest(cluster, lines, id, 240);
      // The job now lives elsewhere (asked again while the coordinator settles after the loss).
      TestProbe.create(cluster.node(other).system())
          .awaitAssert(
              Duration.ofSeconds(30),
              Duration.ofMillis(250),
              () -> {
                assertThat(holderOf(cluster, other, id)).isNotEqualTo(holder);
                return null;
              });
      List<Client.Event> followed = events.get(130, TimeUnit.SECONDS);
      assertThat(followed.get(followed.size() - 1).type()).isEqualTo("end");
    }
  }

  @Test
  void cancel_throughAnyNode_endsTheJobWithEveryLineOnce() throws Exception {
    try (TestCluster cluster = TestCluster.start(dir, 3)) {
      String id = submit(cluster.client(0), urls("cancel", 120, 400));
      TestProbe.create(cluster.node(0).system())
          .awaitAssert(
              Duration.ofSeconds(60),
              Duration.ofMillis(100),
              () -> {
                assertThat(json(cluster.client(1), "/jobs/" + id).get("ok").asLong()).isPositive();
                return null;
              });
      HttpResponse<String> cancelled = cluster.client(2).delete("/jobs/" + id);
      assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
      JsonNode job = awaitEnded(cluster, 1, id);
      assertThat(job.get("status").asText()).isEqualTo("cancelled");
      assertThat(job.get("cancelled").asLong()).isPositive();
      assertThat(job.get("ok").asLong() + job.get("cancelled").asLong()).isEqualTo(120);
      List<JsonNode> lines = manifest(cluster.client(0), id);
      Set<Long> numbers = new HashSet<>();
      lines.forEach(line -> assertThat(numbers.add(line.get("line").asLong())).isTrue());
      assertThat(numbers).hasSize(120);
      for (int node = 0; node < 3; node++) { // the refusals cross nodes as what they are
        assertThat(cluster.client(node).delete("/jobs/" + id).statusCode()).isEqualTo(409);
        assertThat(cluster.client(node).get("/jobs/no-such-job").statusCode()).isEqualTo(404);
      }
    }
  }

  /** The node whose shard region holds job {@code id}'s entity. */
  static int holderOf(TestCluster cluster, int asking, String id) {
    JsonNode regions = json(cluster.client(asking), "/cluster").get("shards").get("job");
    for (int i = 0; i < cluster.size(); i++) {
      JsonNode region = regions.get(cluster.address(i).toString());
      if (region != null && region.get("entities").asInt() > 0) {
        return i;
      }
    }
    throw new AssertionError("no node holds job " + id + ": " + regions);
  }
}
