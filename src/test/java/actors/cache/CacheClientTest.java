package actors.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import actors.Futures;
import actors.TestKitLifecycle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The facade for code outside actors: replies as stages, timeouts and load failures as errors. */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class CacheClientTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final CacheSettings settings = CacheSettings.create(testKit.system().settings().config());

  @Test
  void putGetDeleteSize_roundTripThroughTheCache() throws Exception {
    CacheClient client =
        CacheClient.create(testKit.system(), testKit.spawn(Cache.create(settings)));
    Futures.await(client.put("a", "1"));
    assertThat(Futures.await(client.get("a"))).contains("1");
    assertThat(Futures.await(client.size())).isEqualTo(1);
    Futures.await(client.delete("a"));
    assertThat(Futures.await(client.get("a"))).isEmpty();
    assertThat(Futures.await(client.stats()).hits()).isEqualTo(1);
  }

  @Test
  void get_againstAnActorThatNeverAnswers_failsWithATimeoutNamingTheKey() {
    ActorRef<Cache.Command> silent = testKit.spawn(Behaviors.<Cache.Command>ignore());
    CacheClient client = CacheClient.create(testKit.system(), silent, Duration.ofMillis(200));
    assertThatThrownBy(() -> Futures.await(client.get("a")))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(CacheTimeoutException.class)
        .hasMessage(
            "cache get of \"a\" got no reply within 200 ms (actors.cache.ask-timeout): is the"
                + " cache actor running?");
    assertThatThrownBy(() -> Futures.await(client.put("b", "2")))
        .cause()
        .isInstanceOf(CacheTimeoutException.class)
        .hasMessageStartingWith("cache put of \"b\" got no reply within 200 ms");
    assertThatThrownBy(() -> Futures.await(client.size()))
        .cause()
        .hasMessageStartingWith("cache size got no reply within 200 ms");
  }

  @Test
  void get_whoseLoadFails_failsWithTheKeyAndTheReason() {
    CacheLoader broken =
        key -> CompletableFuture.failedFuture(new IllegalStateException("database down"));
    CacheClient client =
        CacheClient.create(testKit.system(), testKit.spawn(Cache.create(settings, broken)));
    assertThatThrownBy(() -> Futures.await(client.get("user:1")))
        .cause()
        .isInstanceOf(CacheLoadException.class)
        .hasMessage(
            "cache get of \"user:1\": loading \"user:1\" failed:"
                + " java.lang.IllegalStateException: database down");
  }

  @Test
  void get_whoseLoaderThrowsAtOnce_failsTheGetAndTheCacheKeepsServing() throws Exception {
    CacheLoader throwing =
        key -> {
          throw new IllegalArgumentException("no such table");
        };
    CacheClient client =
        CacheClient.create(testKit.system(), testKit.spawn(Cache.create(settings, throwing)));
    assertThatThrownBy(() -> Futures.await(client.get("k")))
        .cause()
        .hasMessageContaining("no such table");
    Futures.await(client.put("k", "v"));
    assertThat(Futures.await(client.get("k"))).isEqualTo(Optional.of("v"));
  }

  @Test
  void size_ofAPartitionedCacheWithAStoppedPartition_failsNamingIt() throws Exception {
    TestProbe<Cache.Command> partition = testKit.createTestProbe();
    partition.stop();
    // A partitioned cache in miniature: each Size is asked of its one, stopped, partition.
    ActorRef<Cache.Command> gathering =
        testKit.spawn(
            Behaviors.setup(
                context ->
                    Behaviors.receiveMessage(
                        command -> {
                          if (command instanceof Cache.Size size) {
                            context.spawnAnonymous(
                                Gather.create(
                                    "size",
                                    Integer.class,
                                    List.of(partition.ref()),
                                    Cache.Size::new,
                                    Integer::sum,
                                    size.replyTo(),
                                    Duration.ofSeconds(10)));
                          }
                          return Behaviors.same();
                        })));
    CacheClient client = CacheClient.create(testKit.system(), gathering, Duration.ofSeconds(10));
    assertThatThrownBy(() -> Futures.await(client.size()))
        .cause()
        .isInstanceOf(CacheUnavailableException.class)
        .hasMessage("cache size: partition 0 has stopped");
  }
}
