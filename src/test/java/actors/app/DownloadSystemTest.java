package actors.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.io.Tcp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A download's actor system: one default-dispatcher thread per core (at least 2) with its TCP
 * connections on them; every other system keeps Pekko's defaults.
 */
class DownloadSystemTest {

  private static final String POOL = "pekko.actor.default-dispatcher.fork-join-executor.";

  private final ActorTestKit download =
      ActorTestKit.create(DownloadCommand.systemConfig(ConfigFactory.load()));

  @AfterEach
  void stop() {
    download.shutdownTestKit();
  }

  @Test
  void tcpConnectionsRunOnTheDefaultDispatcher() {
    // What Pekko's TCP extension reads when it starts a connection's actor.
    assertThat(Tcp.get(download.system().classicSystem()).Settings().WorkerDispatcher())
        .isEqualTo("pekko.actor.default-dispatcher");
  }

  @Test
  void oneThreadPerCoreAtLeastTwo() {
    Config running = download.system().settings().config();
    assertThat(running.getInt(POOL + "parallelism-min")).isEqualTo(2);
    assertThat(running.getDouble(POOL + "parallelism-factor")).isEqualTo(1.0);
  }

  @Test
  void otherSystemsKeepPekkosDefaults() {
    Config serve = ConfigFactory.load();
    assertThat(serve.getInt(POOL + "parallelism-min")).isEqualTo(8);
    assertThat(serve.getString("pekko.io.tcp.worker-dispatcher"))
        .isEqualTo("pekko.actor.internal-dispatcher");
  }

  @Test
  void theRestOfTheConfigIsKept() {
    Config running = download.system().settings().config();
    assertThat(running.getString("pekko.io.tcp.direct-buffer-size")).isEqualTo("64KiB");
    assertThat(running.getInt("pekko.actor.default-dispatcher.throughput")).isEqualTo(1000);
  }
}
