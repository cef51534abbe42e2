package actors.bench;

import actors.cache.Cache;
import actors.cache.CacheClient;
import actors.cache.CacheSettings;
import actors.cache.PartitionedCache;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.pekko.actor.typed.ActorSystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A read-mostly cache (Rust's {@code RwLock<HashMap>}): 90% gets, 10% puts, over {@value #KEYS} keys chosen at random,
 * each operation waited for by its caller thread (as a {@code RwLock} user waits for the lock).
 * Run with {@code -t 1}, {@code -t 2} and {@code -t 4} caller threads.
 *
 * <p>{@code single} and {@code partitioned} go through {@link CacheClient}, the facade for code
 * outside actors (one ask per operation); {@code rwlock} ({@link ReentrantReadWriteLock} around a
 * {@link HashMap}, what a Go or Rust user writes) and {@code chm} ({@link ConcurrentHashMap}) are
 * the baselines, locks on purpose: they are what the actors are measured against.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CacheBench {

  static final int KEYS = 10_000;
  static final int BATCH = 100;
  static final String[] KEY = new String[KEYS];

  static {
    for (int i = 0; i < KEYS; i++) {
      KEY[i] = "key-" + i;
    }
  }

  @Param({"single", "partitioned", "rwlock", "chm"})
  public String cache;

  ActorSystem<Cache.Command> system;
  CacheClient client;
  final Map<String, String> locked = new HashMap<>();
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  final ConcurrentHashMap<String, String> concurrent = new ConcurrentHashMap<>();

  @Setup
  public void start() {
    for (String key : KEY) {
      locked.put(key, key);
      concurrent.put(key, key);
    }
    if (cache.equals("single") || cache.equals("partitioned")) {
      CacheSettings settings =
          CacheSettings.create(ConfigFactory.load()).withMaxEntries(KEYS); // no evictions
      system =
          ActorSystem.create(
              cache.equals("single")
                  ? Cache.create(settings)
                  : PartitionedCache.create(settings),
              "cache");
      client = CacheClient.create(system, system, Duration.ofSeconds(10));
      for (String key : KEY) {
        client.put(key, key).toCompletableFuture().join();
      }
    }
  }

  @TearDown
  public void stop() {
    if (system != null) {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  @Benchmark
  public Object readMostly() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String key = KEY[random.nextInt(KEYS)];
    boolean read = random.nextInt(10) != 0;
    switch (cache) {
      case "rwlock":
        return read ? readLocked(key) : writeLocked(key);
      case "chm":
        return read ? concurrent.get(key) : concurrent.put(key, key);
      default:
        return read
            ? client.get(key).toCompletableFuture().join()
            : client.put(key, key).toCompletableFuture().join();
    }
  }

  /**
   * The same mix, {@value #BATCH} operations at a time: the actor caches get all of them sent
   * before the caller waits for the replies, as an actor or an async caller would use them; the
   * baselines run them one after another (a lock gives no reason to do otherwise).
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object readMostlyPipelined() {
    if (client == null) {
      Object last = null;
      for (int i = 0; i < BATCH; i++) {
        last = readMostly();
      }
      return last;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    CompletableFuture<?>[] replies = new CompletableFuture<?>[BATCH];
    for (int i = 0; i < BATCH; i++) {
      String key = KEY[random.nextInt(KEYS)];
      replies[i] =
          (random.nextInt(10) != 0 ? client.get(key) : client.put(key, key)).toCompletableFuture();
    }
    return CompletableFuture.allOf(replies).join();
  }

  private Optional<String> readLocked(String key) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(locked.get(key));
    } finally {
      lock.readLock().unlock();
    }
  }

  private String writeLocked(String key) {
    lock.writeLock().lock();
    try {
      return locked.put(key, key);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
