package actors.cache;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Time-to-live, on virtual time: entries expire exactly when due, for both caches. */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class CacheExpiryTest {

  static final ActorTestKit testKit =
      ActorTestKit.create(
          ManualTime.config().withFallback(com.typesafe.config.ConfigFactory.load()));
  static final ManualTime time = ManualTime.get(testKit.system());
  static final CacheSettings settings =
      CacheSettings.create(testKit.system().settings().config())
          .withTimeToLive(Duration.ofSeconds(10));

  @Test
  void single_anEntryExpiresItsTimeToLiveAfterItsLastPut() {
    expiresOnTime(testKit.spawn(Cache.create(settings)));
  }

  @Test
  void partitioned_anEntryExpiresItsTimeToLiveAfterItsLastPut() {
    expiresOnTime(testKit.spawn(PartitionedCache.create(settings.withPartitions(4))));
  }

  private void expiresOnTime(ActorRef<Cache.Command> cache) {
    put(cache, "a", "1");
    put(cache, "b", "2");
    time.timePasses(Duration.ofSeconds(6));
    put(cache, "b", "22"); // b's ten seconds start again
    time.timePasses(Duration.ofSeconds(3));
    assertThat(get(cache, "a")).contains("1");
    time.timePasses(Duration.ofSeconds(1));
    assertThat(get(cache, "a")).isEmpty();
    assertThat(get(cache, "b")).contains("22");
    time.timePasses(Duration.ofSeconds(6));
    assertThat(get(cache, "b")).isEmpty();
    TestProbe<StatusReply<Cache.Stats>> stats = testKit.createTestProbe();
    cache.tell(new Cache.GetStats(stats.ref()));
    Cache.Stats counted = stats.receiveMessage().getValue();
    assertThat(counted.expirations()).isEqualTo(2);
    assertThat(counted.size()).isZero();
  }

  @Test
  void deletedAndEvictedEntriesLeaveNoTimerBehind() {
    ActorRef<Cache.Command> cache = testKit.spawn(Cache.create(settings.withMaxEntries(1)));
    put(cache, "a", "1");
    put(cache, "b", "2"); // evicts a
    TestProbe<Done> deleted = testKit.createTestProbe();
    cache.tell(new Cache.Delete("b", deleted.ref()));
    deleted.expectMessage(Done.getInstance());
    put(cache, "a", "again");
    time.timePasses(Duration.ofSeconds(9));
    assertThat(get(cache, "a")).contains("again"); // a's first timer was cancelled at eviction
    TestProbe<StatusReply<Cache.Stats>> stats = testKit.createTestProbe();
    cache.tell(new Cache.GetStats(stats.ref()));
    assertThat(stats.receiveMessage().getValue().expirations()).isZero();
  }

  private static void put(ActorRef<Cache.Command> cache, String key, String value) {
    TestProbe<Done> stored = testKit.createTestProbe();
    cache.tell(new Cache.Put(key, value, stored.ref()));
    stored.expectMessage(Done.getInstance());
  }

  private static Optional<String> get(ActorRef<Cache.Command> cache, String key) {
    TestProbe<StatusReply<Optional<String>>> reply = testKit.createTestProbe();
    cache.tell(new Cache.Get(key, reply.ref()));
    return reply.receiveMessage().getValue();
  }
}
