package actors.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.io.Tcp;
import org.junit.jupiter.api.Test;

/**
 * A download's actor system: one default-dispatcher thread per core (at least 2) with its TCP
 * connections on them; {@code -D} properties still win; every other system keeps Pekko's defaults.
 */
class DownloadSystemTest {

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  @Test
  void oneDefaultDispatcherThreadPerCoreAtLeastTwo() throws Exception {
    assertThat(withSystem(DownloadCommand.systemConfig(ConfigFactory.load()), this::poolSize))
        .isEqualTo(Math.max(2, CORES));
  }

  @Test
  void tcpConnectionsRunOnTheDefaultDispatcher() throws Exception {
    // What Pekko's TCP extension reads when it starts a connection's actor.
    String workers =
        withSystem(
            DownloadCommand.systemConfig(ConfigFactory.load()),
            system -> Tcp.get(system.classicSystem()).Settings().WorkerDispatcher());
    assertThat(workers).isEqualTo("pekko.actor.default-dispatcher");
  }

  @Test
  void aJvmPropertyStillWins() throws Exception {
    Config minusD =
        ConfigFactory.parseString(
            "pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = 5\n"
                + "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = 5");
    assertThat(
            withSystem(DownloadCommand.systemConfig(minusD, ConfigFactory.load()), this::poolSize))
        .isEqualTo(5);
  }

  @Test
  void theRestOfTheConfigIsKept() {
    Config download = DownloadCommand.systemConfig(ConfigFactory.load());
    assertThat(download.getString("pekko.io.tcp.direct-buffer-size")).isEqualTo("64KiB");
    assertThat(download.getInt("pekko.actor.default-dispatcher.throughput")).isEqualTo(1000);
  }

  @Test
  void otherSystemsKeepPekkosDefaults() throws Exception { // serve's and the tests' config
    int pekkosMinimum =
        ConfigFactory.defaultReference()
            .getInt("pekko.actor.default-dispatcher.fork-join-executor.parallelism-min");
    assertThat(withSystem(ConfigFactory.load(), this::poolSize))
        .isEqualTo(Math.max(pekkosMinimum, CORES));
    assertThat(ConfigFactory.load().getString("pekko.io.tcp.worker-dispatcher"))
        .isEqualTo("pekko.actor.internal-dispatcher");
  }

  /** The parallelism of the pool the system's default dispatcher runs its tasks on. */
  private int poolSize(ActorSystem<?> system) {
    try {
      return CompletableFuture.supplyAsync(
              () -> ForkJoinTask.getPool().getParallelism(), system.executionContext())
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static <T> T withSystem(
      Config config, java.util.function.Function<ActorSystem<?>, T> ask) {
    ActorTestKit kit = ActorTestKit.create(config);
    try {
      return ask.apply(kit.system());
    } finally {
      kit.shutdownTestKit();
    }
  }
}
