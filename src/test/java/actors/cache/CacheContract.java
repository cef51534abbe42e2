package actors.cache;

import static org.assertj.core.api.Assertions.assertThat;

import actors.Futures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every cache must do, whichever actor implements it: {@link CacheTest} runs it against a
 * single {@link Cache}, {@link PartitionedCacheTest} against a {@link PartitionedCache}. Callers
 * cannot tell them apart, so neither can this suite.
 *
 * <p>One test kit per subclass, through Pekko's own JUnit 5 support: with {@code PER_CLASS} each
 * subclass gets one instance, so one kit, which {@code TestKitJUnit5Extension} shuts down after its
 * tests. (With JUnit's default per-method lifecycle it would shut down only the last of many kits:
 * see {@code actors.TestKitLifecycle} for the static kits the other classes use.)
 */
@ExtendWith({LogCapturingExtension.class, TestKitJUnit5Extension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CacheContract {

  @JUnit5TestKit final ActorTestKit testKit = new JUnit5TestKitBuilder().build();
  final CacheSettings defaults = CacheSettings.create(testKit.system().settings().config());

  /** The cache under test, with {@code settings} and {@code loader} (null: none). */
  abstract Behavior<Cache.Command> cache(CacheSettings settings, CacheLoader loader);

  ActorRef<Cache.Command> spawn(CacheSettings settings) {
    return testKit.spawn(cache(settings, null));
  }

  void put(ActorRef<Cache.Command> cache, String key, String value) {
    TestProbe<Done> stored = testKit.createTestProbe();
    cache.tell(new Cache.Put(key, value, stored.ref()));
    stored.expectMessage(Done.getInstance());
  }

  Optional<String> get(ActorRef<Cache.Command> cache, String key) {
    TestProbe<StatusReply<Optional<String>>> reply = testKit.createTestProbe();
    cache.tell(new Cache.Get(key, reply.ref()));
    return reply.receiveMessage().getValue();
  }

  Cache.Stats stats(ActorRef<Cache.Command> cache) {
    TestProbe<StatusReply<Cache.Stats>> reply = testKit.createTestProbe();
    cache.tell(new Cache.GetStats(reply.ref()));
    return reply.receiveMessage().getValue();
  }

  int size(ActorRef<Cache.Command> cache) {
    TestProbe<StatusReply<Integer>> reply = testKit.createTestProbe();
    cache.tell(new Cache.Size(reply.ref()));
    return reply.receiveMessage().getValue();
  }

  @Test
  void get_missingKeyIsEmpty() {
    assertThat(get(spawn(defaults), "a")).isEmpty();
  }

  @Test
  void put_thenGetSeesTheValue_andAPutReplacesIt() {
    ActorRef<Cache.Command> cache = spawn(defaults);
    put(cache, "a", "1");
    assertThat(get(cache, "a")).contains("1");
    put(cache, "a", "2");
    assertThat(get(cache, "a")).contains("2");
    assertThat(size(cache)).isEqualTo(1);
  }

  @Test
  void delete_removesTheEntry_andDeletingAMissingKeyIsFine() {
    ActorRef<Cache.Command> cache = spawn(defaults);
    put(cache, "a", "1");
    put(cache, "b", "2");
    TestProbe<Done> deleted = testKit.createTestProbe();
    cache.tell(new Cache.Delete("a", deleted.ref()));
    cache.tell(new Cache.Delete("never-there", deleted.ref()));
    deleted.expectMessage(Done.getInstance());
    deleted.expectMessage(Done.getInstance());
    assertThat(get(cache, "a")).isEmpty();
    assertThat(get(cache, "b")).contains("2");
    assertThat(size(cache)).isEqualTo(1);
  }

  @Test
  void stats_countHitsAndMisses() {
    ActorRef<Cache.Command> cache = spawn(defaults);
    put(cache, "a", "1");
    get(cache, "a");
    get(cache, "a");
    get(cache, "b");
    Cache.Stats stats = stats(cache);
    assertThat(stats.hits()).isEqualTo(2);
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(stats.size()).isEqualTo(1);
  }

  /**
   * Eight threads write their own keys and read them back through {@link CacheClient}, while four
   * more read the writers' keys: every acknowledged put is seen by the writer's next get, readers
   * see either nothing yet or exactly the value written, and at the end every entry is there.
   */
  @Test
  void concurrentCallers_everyAcknowledgedPutIsVisibleToTheCallersNextGet() throws Exception {
    ActorRef<Cache.Command> cache = spawn(defaults);
    CacheClient client = CacheClient.create(testKit.system(), cache, Duration.ofSeconds(10));
    int writers = 8;
    int keysEach = 200;
    ExecutorService threads = Executors.newFixedThreadPool(writers + 4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        results.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < keysEach; i++) {
                    String key = "w" + writer + "-" + i;
                    Futures.await(client.put(key, "v" + writer + "-" + i));
                    assertThat(Futures.await(client.get(key))).contains("v" + writer + "-" + i);
                  }
                  return keysEach;
                }));
      }
      for (int r = 0; r < 4; r++) {
        results.add(
            threads.submit(
                () -> {
                  int seen = 0;
                  for (int i = 0; i < writers * keysEach; i++) {
                    int writer = i % writers;
                    int n = i / writers;
                    Optional<String> value = Futures.await(client.get("w" + writer + "-" + n));
                    if (value.isPresent()) {
                      assertThat(value).contains("v" + writer + "-" + n);
                      seen++;
                    }
                  }
                  return seen;
                }));
      }
      for (Future<Integer> result : results) {
        result.get(2, TimeUnit.MINUTES); // rethrows a failed assertion of that thread
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(Futures.await(client.size())).isEqualTo(writers * keysEach);
    for (int w = 0; w < writers; w++) {
      assertThat(Futures.await(client.get("w" + w + "-" + (keysEach - 1))))
          .contains("v" + w + "-" + (keysEach - 1));
    }
  }

  @Test
  void eviction_keepsTheSizeAtTheBoundUnderTenTimesMoreKeys() {
    int capacity = 100;
    ActorRef<Cache.Command> cache = spawn(defaults.withMaxEntries(capacity));
    for (int i = 0; i < 10 * capacity; i++) {
      put(cache, "key-" + i, Integer.toString(i));
      if (i % 50 == 0) {
        assertThat(size(cache)).isLessThanOrEqualTo(capacity);
      }
    }
    Cache.Stats stats = stats(cache);
    assertThat(stats.size()).isEqualTo(capacity);
    assertThat(stats.evictions()).isEqualTo(9 * capacity);
    assertThat(get(cache, "key-" + (10 * capacity - 1))).contains(Integer.toString(999));
  }

  /** A loader the test completes by hand, counting its calls. */
  static final class ManualLoader implements CacheLoader {
    final AtomicInteger calls = new AtomicInteger();
    final CompletableFuture<Optional<String>> result = new CompletableFuture<>();

    @Override
    public CompletableFuture<Optional<String>> load(String key) {
      calls.incrementAndGet();
      return result;
    }
  }

  @Test
  void readThrough_aHundredConcurrentGetsShareOneLoad() {
    ManualLoader loader = new ManualLoader();
    ActorRef<Cache.Command> cache = testKit.spawn(cache(defaults, loader));
    TestProbe<StatusReply<Optional<String>>> replies = testKit.createTestProbe();
    for (int i = 0; i < 100; i++) {
      cache.tell(new Cache.Get("user:42", replies.ref()));
    }
    // Every get has arrived and is waiting: the stats come after them from the same sender.
    Cache.Stats waiting = stats(cache);
    assertThat(waiting.misses()).isEqualTo(100);
    assertThat(waiting.loads()).isEqualTo(1);
    replies.expectNoMessage(Duration.ofMillis(100));

    loader.result.complete(Optional.of("profile"));
    for (int i = 0; i < 100; i++) {
      assertThat(replies.receiveMessage().getValue()).contains("profile");
    }
    assertThat(get(cache, "user:42")).contains("profile");
    assertThat(loader.calls.get()).isEqualTo(1);
    assertThat(stats(cache).hits()).isEqualTo(1);
  }

  @Test
  void readThrough_aFailedLoadFailsEveryWaiter_andIsNotCached() {
    ManualLoader loader = new ManualLoader();
    ActorRef<Cache.Command> cache = testKit.spawn(cache(defaults, loader));
    TestProbe<StatusReply<Optional<String>>> replies = testKit.createTestProbe();
    cache.tell(new Cache.Get("k", replies.ref()));
    cache.tell(new Cache.Get("k", replies.ref()));
    assertThat(stats(cache).misses()).as("both gets wait for the one load").isEqualTo(2);
    loader.result.completeExceptionally(new IllegalStateException("database down"));
    for (int i = 0; i < 2; i++) {
      StatusReply<Optional<String>> reply = replies.receiveMessage();
      assertThat(reply.isError()).isTrue();
      assertThat(reply.getError().getMessage())
          .contains("loading \"k\" failed")
          .contains("database down");
    }
    cache.tell(new Cache.Get("k", replies.ref()));
    replies.receiveMessage(); // the same failed future again, but from a second load
    assertThat(loader.calls.get()).isEqualTo(2);
    assertThat(stats(cache).loadFailures()).isEqualTo(2);
  }

  @Test
  void readThrough_aPutDuringTheLoadWins() {
    ManualLoader loader = new ManualLoader();
    ActorRef<Cache.Command> cache = testKit.spawn(cache(defaults, loader));
    TestProbe<StatusReply<Optional<String>>> waiting = testKit.createTestProbe();
    cache.tell(new Cache.Get("k", waiting.ref()));
    put(cache, "k", "newer");
    loader.result.complete(Optional.of("stale"));
    assertThat(waiting.receiveMessage().getValue()).contains("newer");
    assertThat(get(cache, "k")).contains("newer");
  }

  @Test
  void readThrough_aKeyTheLoaderDoesNotKnowIsEmptyAndNotCached() {
    ManualLoader loader = new ManualLoader();
    loader.result.complete(Optional.empty());
    ActorRef<Cache.Command> cache = testKit.spawn(cache(defaults, loader));
    assertThat(get(cache, "nobody")).isEmpty();
    assertThat(get(cache, "nobody")).isEmpty();
    assertThat(loader.calls.get()).isEqualTo(2);
    assertThat(size(cache)).isZero();
  }

  @Test
  void readThrough_aLoadThatTakesTooLongFailsItsWaiters() {
    ManualLoader never = new ManualLoader();
    ActorRef<Cache.Command> cache =
        testKit.spawn(cache(defaults.withLoadTimeout(Duration.ofMillis(200)), never));
    TestProbe<StatusReply<Optional<String>>> reply = testKit.createTestProbe();
    cache.tell(new Cache.Get("slow", reply.ref()));
    StatusReply<Optional<String>> answer = reply.receiveMessage(Duration.ofSeconds(10));
    assertThat(answer.getError().getMessage())
        .isEqualTo("loading \"slow\" took longer than 200 ms (actors.cache.load-timeout)");
    never.result.complete(Optional.of("too late"));
    assertThat(stats(cache).loadFailures()).isEqualTo(1);
  }
}
