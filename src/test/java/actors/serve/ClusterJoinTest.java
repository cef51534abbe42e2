package actors.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that cannot join: its HTTP port answers while it tries (alive 200, ready 503, since a node
 * that is not Up cannot place a shard), and start-up gives up after the join timeout with one line
 * naming the seeds, its data directory free again. And a cluster without a shared journal is
 * refused before anything starts.
 */
@ExtendWith(LogCapturingExtension.class)
class ClusterJoinTest {

  static final ActorTestKit probes = ActorTestKit.create("probes");

  @TempDir Path dir;

  @AfterAll
  static void stop() {
    probes.shutdownTestKit();
  }

  @Test
  void unreachableSeeds_readyIs503WhileJoining_thenStartGivesUpNamingThem() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    int nobody;
    try (ServerSocket probe = new ServerSocket(0)) {
      nobody = probe.getLocalPort(); // closed again: no node listens there
    }
    Config config =
        ConfigFactory.parseMap(
                Map.of(
                    "actors.serve.cluster.seed-nodes",
                    List.of("127.0.0.1:" + nobody),
                    "actors.serve.cluster.join-timeout",
                    "6s"))
            .withFallback(TestCluster.CONFIG);
    ServeSettings settings =
        ServeSettings.create(config)
            .withPort(port)
            .withData(dir.resolve("node"))
            .withJdbcUrl("jdbc:h2:file:" + dir.resolve("journal").resolve("actors"));
    CompletableFuture<Service> starting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Service.start(settings, config);
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    Client client = new Client(port);
    TestProbe.create(probes.system())
        .awaitAssert(
            Duration.ofSeconds(5),
            Duration.ofMillis(100),
            () -> {
              try {
                HttpResponse<String> ready = client.get("/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(client.get("/health/alive").statusCode()).isEqualTo(200);
              } catch (Exception e) {
                throw new AssertionError(e);
              }
              return null;
            });
    assertThatThrownBy(() -> starting.get(60, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StartException.class)
        .hasMessageContaining("not Up in the cluster within 6 s")
        .hasMessageContaining("127.0.0.1:" + nobody);
    // The data directory is free again: a node can start on it (its own cluster of one).
    Config alone =
        ConfigFactory.parseMap(Map.of("actors.serve.cluster.seed-nodes", List.of()))
            .withFallback(TestCluster.CONFIG);
    Service again =
        Service.start(
            ServeSettings.create(alone)
                .withPort(0)
                .withData(dir.resolve("node"))
                .withJdbcUrl("jdbc:h2:file:" + dir.resolve("journal").resolve("actors")),
            alone);
    again.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void clusterWithoutAJdbcUrl_isRefusedBeforeStarting() {
    assertThatThrownBy(
            () ->
                Service.start(
                    ServeSettings.create(TestCluster.CONFIG).withPort(0).withData(dir),
                    TestCluster.CONFIG))
        .isInstanceOf(StartException.class)
        .hasMessageContaining("share one journal");
  }
}
