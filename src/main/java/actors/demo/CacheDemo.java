package actors.demo;

import actors.cache.Cache;
import actors.cache.CacheClient;
import actors.cache.CacheLoader;
import actors.cache.CacheSettings;
import actors.cache.PartitionedCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * Demo: an {@code RwLock<HashMap>} cache (another thread sets {@code a = 1}, then the main thread
 * reads it), then what the actor version adds: a bound with LRU eviction, partitions, and a
 * read-through loader shared by concurrent gets.
 */
public final class CacheDemo extends DemoSection {

  public CacheDemo() {
    super(
        "Cache",
        "Go: sync.RWMutex + map | Rust: Arc<RwLock<HashMap<String, String>>>, tokio RwLock");
  }

  @Override
  public void run(DemoContext demo) throws Exception {
    CacheSettings settings = CacheSettings.create(demo.system().settings().config());
    rwLockExample(demo, settings);
    bounded(demo, settings);
    partitioned(demo, settings);
    readThrough(demo, settings);
  }

  /** As with an RwLock: a spawned task sets a = 1 and is joined; then get a. */
  private static void rwLockExample(DemoContext demo, CacheSettings settings) throws Exception {
    ActorRef<Cache.Command> cache = demo.spawn(Cache.create(settings), "cache");
    demo.<Done>spawnAndAwait(
        stored ->
            Behaviors.setup(
                context -> {
                  cache.tell(new Cache.Put("a", "1", stored));
                  return Behaviors.stopped();
                }),
        "setter");
    demo.say("another actor set a = 1 (the put acknowledged, like join())");
    demo.say("get a -> %s, get b -> %s", show(get(demo, cache, "a")), show(get(demo, cache, "b")));
  }

  private static void bounded(DemoContext demo, CacheSettings settings) throws Exception {
    ActorRef<Cache.Command> cache =
        demo.spawn(Cache.create(settings.withMaxEntries(2)), "cache-of-2");
    put(demo, cache, "a", "A");
    put(demo, cache, "b", "B");
    get(demo, cache, "a");
    put(demo, cache, "c", "C");
    Cache.Stats stats =
        demo.<Cache.Command, StatusReply<Cache.Stats>>ask(cache, Cache.GetStats::new).getValue();
    demo.say(
        "max 2 entries: put a, b; get a; put c -> b %s (least recently used), a %s; %d eviction"
            + " counted",
        get(demo, cache, "b").isPresent() ? "kept" : "evicted",
        get(demo, cache, "a").isPresent() ? "kept" : "evicted",
        stats.evictions());
  }

  private static void partitioned(DemoContext demo, CacheSettings settings) throws Exception {
    CacheSettings split = settings.withMaxEntries(100).withPartitions(4);
    ActorRef<Cache.Command> cache = demo.spawn(PartitionedCache.create(split), "partitioned");
    CacheClient client = CacheClient.create(demo.system(), cache);
    List<CompletableFuture<Done>> puts = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      puts.add(client.put("key-" + i, Integer.toString(i)).toCompletableFuture());
    }
    demo.await(CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)));
    Cache.Stats stats = demo.await(client.stats());
    demo.say(
        "4 partitions, max 100 entries: 1000 puts -> size %d, %d evictions counted",
        stats.size(), stats.evictions());
  }

  private static void readThrough(DemoContext demo, CacheSettings settings) throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CacheLoader slowDatabase =
        key -> {
          loads.incrementAndGet();
          return CompletableFuture.supplyAsync(
              () -> Optional.of("profile of " + key),
              CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        };
    ActorRef<Cache.Command> cache =
        demo.spawn(Cache.create(settings, slowDatabase), "read-through");
    CacheClient client = CacheClient.create(demo.system(), cache, Duration.ofSeconds(5));
    List<CompletableFuture<Optional<String>>> gets = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      gets.add(client.get("user:42").toCompletableFuture());
    }
    demo.await(CompletableFuture.allOf(gets.toArray(CompletableFuture[]::new)));
    long same =
        gets.stream().filter(g -> g.join().equals(Optional.of("profile of user:42"))).count();
    demo.say(
        "read-through: 100 concurrent gets of user:42 -> %d load, %d callers got \"%s\"",
        loads.get(), same, gets.get(0).join().orElseThrow());
  }

  private static Optional<String> get(DemoContext demo, ActorRef<Cache.Command> cache, String key)
      throws Exception {
    StatusReply<Optional<String>> reply = demo.ask(cache, replyTo -> new Cache.Get(key, replyTo));
    return reply.getValue();
  }

  private static void put(DemoContext demo, ActorRef<Cache.Command> cache, String key, String value)
      throws Exception {
    demo.<Cache.Command, Done>ask(cache, replyTo -> new Cache.Put(key, value, replyTo));
  }

  private static String show(Optional<String> value) {
    return value.map(v -> "Some(\"" + v + "\")").orElse("None");
  }
}
