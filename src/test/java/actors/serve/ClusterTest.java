package actors.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code actors serve --cluster}, three nodes in this JVM: any node answers for any counter or
 * cache key; an acknowledged increment survives a node being downed or leaving. Every message is
 * serialized as between real nodes ({@link TestCluster}).
 */
@ExtendWith(LogCapturingExtension.class)
class ClusterTest {

  static final int MAX_ENTRIES = 24;

  @TempDir static Path shared;
  static TestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster =
        TestCluster.start(
            shared, 3, ConfigFactory.parseMap(Map.of("actors.cache.max-entries", MAX_ENTRIES)));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void cluster_listsEveryMemberUpFromEveryNode() throws Exception {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = cluster.client(i).get("/cluster");
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode answer = Client.json(response);
      assertThat(answer.get("self").asText()).isEqualTo(cluster.address(i).toString());
      Set<String> up = new HashSet<>();
      answer
          .get("members")
          .forEach(m -> up.add(m.get("address").asText() + " " + m.get("status").asText()));
      assertThat(up)
          .containsExactlyInAnyOrder(
              cluster.address(0) + " Up", cluster.address(1) + " Up", cluster.address(2) + " Up");
      assertThat(cluster.client(i).get("/health/ready").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void increments_throughEveryNodeEndExact() throws Exception {
    Load load = Load.run(cluster, List.of(0, 1, 2), "exact-", 8, 4, 50, null, 0);
    assertThat(load.uncertain.get()).isZero();
    assertThat(load.acked.get()).isEqualTo(8 * 50);
    for (int node = 0; node < 3; node++) {
      for (int c = 0; c < 4; c++) {
        assertThat(value(cluster.client(node), "exact-" + c))
            .as("counter exact-%d read through node %d", c, node)
            .isEqualTo(load.perCounter.get(c).get());
      }
    }
  }

  @Test
  void cache_anEntryPutThroughOneNodeIsReadThroughEveryNode() throws Exception {
    for (int k = 0; k < 6; k++) {
      HttpResponse<String> put =
          cluster.client(k % 3).put("/cache/same-" + k, "text/plain", bytes("value " + k));
      assertThat(put.statusCode()).as(put.body()).isIn(200, 201, 204);
    }
    for (int node = 0; node < 3; node++) {
      for (int k = 0; k < 6; k++) {
        HttpResponse<String> get = cluster.client(node).get("/cache/same-" + k);
        assertThat(get.statusCode()).as("key same-%d through node %d", k, node).isEqualTo(200);
        assertThat(get.body()).isEqualTo("value " + k);
      }
    }
  }

  @Test
  void cache_theBoundHoldsAcrossTheNodes() throws Exception {
    for (int k = 0; k < 200; k++) {
      assertThat(
              cluster.client(k % 3).put("/cache/many-" + k, "text/plain", bytes("v")).statusCode())
          .isIn(200, 201, 204);
    }
    for (int node = 0; node < 3; node++) {
      HttpResponse<String> response = cluster.client(node).get("/cache");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode stats = Client.json(response);
      assertThat(stats.get("size").asInt()).isLessThanOrEqualTo(MAX_ENTRIES);
      assertThat(stats.get("max_entries").asInt()).isEqualTo(MAX_ENTRIES);
      assertThat(stats.get("evictions").asLong()).isGreaterThanOrEqualTo(200 - MAX_ENTRIES);
      assertThat(stats.get("partition_restarts").asLong()).as("no partition lost").isZero();
    }
    JsonNode shards = Client.json(cluster.client(0).get("/cluster")).get("shards");
    Set<String> holders = new HashSet<>();
    shards.get("cache-partition").fieldNames().forEachRemaining(holders::add);
    assertThat(holders).as("nodes holding cache partitions").hasSizeGreaterThan(1);
  }

  /** Increments spread over nodes and counters by a few threads, counting what was answered. */
  static final class Load {
    final AtomicLong acked = new AtomicLong();
    final AtomicLong uncertain = new AtomicLong();
    final List<AtomicLong> perCounter = new ArrayList<>();

    static Load run(
        TestCluster cluster,
        List<Integer> nodes,
        String prefix,
        int threads,
        int counters,
        int eachThread,
        Runnable midway,
        int midwayAfter)
        throws Exception {
      Load load = new Load();
      for (int c = 0; c < counters; c++) {
        load.perCounter.add(new AtomicLong());
      }
      CountDownLatch reached = new CountDownLatch(midwayAfter);
      AtomicIntegerArray sent = new AtomicIntegerArray(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          done.add(
              pool.submit(
                  () -> {
                    for (int k = 0; k < eachThread; k++) {
                      sent.incrementAndGet(thread);
                      int counter = (thread + k) % counters;
                      // Shifted by one node each round of the counters, so that every counter is
                      // incremented through every node (with 6 counters and 3 nodes, counter c
                      // would otherwise always go through node c % 3).
                      int round = (thread + k) / counters;
                      int node = nodes.get((thread + k + round) % nodes.size());
                      try {
                        HttpResponse<String> response =
                            cluster
                                .client(node)
                                .post("/counters/" + prefix + counter + "/increment");
                        if (response.statusCode() == 200) {
                          load.acked.incrementAndGet();
                          load.perCounter.get(counter).incrementAndGet();
                          reached.countDown();
                        } else {
                          load.uncertain.incrementAndGet();
                        }
                      } catch (Exception e) {
                        load.uncertain.incrementAndGet();
                      }
                    }
                    return null;
                  }));
        }
        if (midway != null) {
          assertThat(reached.await(60, TimeUnit.SECONDS))
              .as(() -> midwayAfter + " increments answered within 60 s; " + cluster.views())
              .isTrue();
          midway.run();
        }
        // Counted from the midway step. While a shard moves (its node lost, or a hand-off under
        // way), every request to it waits out the ask-timeout (5 s): a thread can spend a minute
        // so.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (Future<?> f : done) {
          try {
            f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          } catch (TimeoutException e) {
            throw new AssertionError(
                "the load had not ended 120 s after it began or after its midway step: requests"
                    + " sent per thread "
                    + sent
                    + ", answered "
                    + load.acked
                    + ", not answered "
                    + load.uncertain
                    + "; "
                    + cluster.views());
          }
        }
      } finally {
        pool.shutdownNow();
      }
      return load;
    }
  }

  static long value(Client client, String name) {
    HttpResponse<String> response;
    try {
      response = client.get("/counters/" + name);
    } catch (Exception e) {
      throw new AssertionError("GET /counters/" + name, e);
    }
    assertThat(response.statusCode())
        .as("GET /counters/%s: %s", name, response.body())
        .isEqualTo(200);
    try {
      return Client.json(response).get("value").asLong();
    } catch (java.io.IOException e) {
      throw new AssertionError(response.body(), e);
    }
  }

  /**
   * The counter's value once a read through {@code node} answers: right after a node is lost, a
   * read of a counter that lived there waits for its shard to start elsewhere (503s until then).
   */
  static long valueOnceAvailable(TestCluster cluster, int node, String name) {
    return TestProbe.create(cluster.node(node).system())
        .awaitAssert(
            Duration.ofSeconds(60),
            Duration.ofMillis(200),
            () -> value(cluster.client(node), name));
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
