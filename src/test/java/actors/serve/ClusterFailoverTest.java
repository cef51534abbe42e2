package actors.serve;

import static actors.serve.ClusterTest.valueOnceAvailable;
import static org.assertj.core.api.Assertions.assertThat;

import actors.serve.ClusterTest.Load;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node lost while counters are incremented through all three: downed (as the split-brain resolver
 * downs a node it cannot reach) or leaving (SIGTERM). Its shards start again on the others, from
 * the shared journal: no answered increment is lost, none is counted twice.
 */
@ExtendWith(LogCapturingExtension.class)
class ClusterFailoverTest {

  @TempDir Path dir;

  @Test
  void crashedNode_duringTheLoad_everyAnsweredIncrementIsKept() throws Exception {
    try (TestCluster cluster = TestCluster.start(dir, 3)) {
      Load load =
          Load.run(
              cluster,
              List.of(0, 1, 2),
              "down-",
              8,
              6,
              100,
              () -> {
                try {
                  cluster.crash(2);
                  // The load's deadline counts from here: a slow failover fails here, saying so.
                  cluster.awaitRemoved(2, Duration.ofSeconds(90));
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              },
              150);
      assertThat(load.acked.get()).isGreaterThan(150);
      long total = 0;
      for (int c = 0; c < 6; c++) {
        long value = valueOnceAvailable(cluster, 0, "down-" + c);
        assertThat(valueOnceAvailable(cluster, 1, "down-" + c)).isEqualTo(value);
        // An answered increment is in the journal: never fewer. One without an answer (the node
        // died before answering, or an ask timed out) may have been written: at most those more.
        assertThat(value).isGreaterThanOrEqualTo(load.perCounter.get(c).get());
        total += value;
      }
      assertThat(total).isBetween(load.acked.get(), load.acked.get() + load.uncertain.get());
    }
  }

  @Test
  void leavingNode_handsItsShardsOver_andCountersKeepTheirValues() throws Exception {
    try (TestCluster cluster = TestCluster.start(dir, 3)) {
      Load load = Load.run(cluster, List.of(0, 1, 2), "leave-", 6, 12, 20, null, 0);
      assertThat(load.uncertain.get()).isZero();
      String leaving = cluster.address(2).toString();
      assertThat(json(cluster.client(0), "/cache").get("partition_restarts").asLong()).isZero();
      JsonNode before = json(cluster.client(0), "/cluster").get("shards");
      assertThat(before.get("counter").has(leaving)).as("node 2 holds counters").isTrue();

      Load during =
          Load.run(
              cluster,
              List.of(0, 1),
              "leave-",
              4,
              12,
              30,
              () -> {
                try {
                  cluster.leave(2);
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              },
              20);
      // Leaving is graceful, not lossless: at the moment a shard is handed over, Pekko drops the
      // messages its region still buffered for it (it logs "Dropping [n] buffered messages ...
      // during hand off"; seen once in CI, 2 of 120 requests). Their senders get no 200. With 4
      // threads, each with one request in flight, few can be: the rest are answered.
      assertThat(during.uncertain.get()).isLessThanOrEqualTo(12);
      long total = 0;
      for (int c = 0; c < 12; c++) {
        long answered = load.perCounter.get(c).get() + during.perCounter.get(c).get();
        long value = valueOnceAvailable(cluster, 0, "leave-" + c);
        assertThat(valueOnceAvailable(cluster, 1, "leave-" + c)).isEqualTo(value);
        // Every answered increment is kept; an unanswered one may or may not have been.
        assertThat(value).as("leave-%d", c).isGreaterThanOrEqualTo(answered);
        total += value;
      }
      long acked = load.acked.get() + during.acked.get();
      assertThat(total).isBetween(acked, acked + during.uncertain.get());
      // The others see it gone once the removal has spread (gossip): wait for that, bounded.
      TestProbe.create(cluster.node(0).system())
          .awaitAssert(
              Duration.ofSeconds(30),
              () -> {
                JsonNode after = json(cluster.client(0), "/cluster");
                assertThat(after.get("shards").get("counter").has(leaving)).isFalse();
                after
                    .get("members")
                    .forEach(m -> assertThat(m.get("address").asText()).isNotEqualTo(leaving));
                return null;
              });
      // The cache partitions that lived there start again, empty, on the others: counted.
      TestProbe.create(cluster.node(0).system())
          .awaitAssert(
              Duration.ofSeconds(30),
              () -> {
                assertThat(json(cluster.client(0), "/cache").path("partition_restarts").asLong())
                    .isPositive();
                return null;
              });
    }
  }

  static JsonNode json(Client client, String path) {
    try {
      return Client.json(client.get(path));
    } catch (Exception e) {
      throw new AssertionError("GET " + path, e);
    }
  }
}
