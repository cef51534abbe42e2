package actors.cache;

import static actors.support.Require.between;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The cache's settings: read once from {@code actors.cache} in {@code application.conf}, with
 * {@code withX} copies for code that needs other values for one instance (a partitioned cache gives
 * each partition its share of {@code maxEntries}). Checks itself: a value out of range fails with
 * an {@link actors.support.InvalidSettingException} naming the key.
 *
 * @param maxEntries entries held at most; beyond it the least recently used one is evicted (for a
 *     partitioned cache: across all its partitions together)
 * @param timeToLive how long an entry lives after its last put; zero means until evicted or deleted
 * @param partitions partitions of a {@link PartitionedCache}; 0 means one per available processor
 * @param loadTimeout how long a read-through load may take before its waiters get an error
 * @param askTimeout how long {@link CacheClient} waits for a reply
 * @param partitionTimeout how long a partitioned cache waits for its partitions' answers to a size
 *     or stats question before it replies with an error; shorter than {@code askTimeout}, so that
 *     the caller hears which partition is missing rather than a bare timeout
 */
public record CacheSettings(
    int maxEntries,
    Duration timeToLive,
    int partitions,
    Duration loadTimeout,
    Duration askTimeout,
    Duration partitionTimeout) {

  public CacheSettings {
    between(maxEntries, 1, Integer.MAX_VALUE, "actors.cache.max-entries");
    between(timeToLive, Duration.ZERO, Duration.ofDays(30), "actors.cache.time-to-live");
    between(partitions, 0, 1024, "actors.cache.partitions");
    between(loadTimeout, Duration.ofMillis(1), Duration.ofDays(1), "actors.cache.load-timeout");
    between(askTimeout, Duration.ofMillis(1), Duration.ofDays(1), "actors.cache.ask-timeout");
    between(partitionTimeout, Duration.ofMillis(1), askTimeout, "actors.cache.partition-timeout");
  }

  /** Reads {@code actors.cache} from {@code config}. */
  public static CacheSettings create(Config config) {
    Config c = config.getConfig("actors.cache");
    return new CacheSettings(
        c.getInt("max-entries"),
        c.getDuration("time-to-live"),
        c.getInt("partitions"),
        c.getDuration("load-timeout"),
        c.getDuration("ask-timeout"),
        c.getDuration("partition-timeout"));
  }

  /** Whether entries expire at all. */
  public boolean expires() {
    return !timeToLive.isZero();
  }

  /** The number of partitions to run: {@link #partitions}, or the processors when it is 0. */
  public int effectivePartitions() {
    int wanted = partitions == 0 ? Runtime.getRuntime().availableProcessors() : partitions;
    // Every partition holds at least one entry, so there are never more partitions than entries.
    return Math.min(wanted, maxEntries);
  }

  public CacheSettings withMaxEntries(int value) {
    return new CacheSettings(
        value, timeToLive, partitions, loadTimeout, askTimeout, partitionTimeout);
  }

  public CacheSettings withTimeToLive(Duration value) {
    return new CacheSettings(
        maxEntries, value, partitions, loadTimeout, askTimeout, partitionTimeout);
  }

  public CacheSettings withPartitions(int value) {
    return new CacheSettings(
        maxEntries, timeToLive, value, loadTimeout, askTimeout, partitionTimeout);
  }

  public CacheSettings withLoadTimeout(Duration value) {
    return new CacheSettings(
        maxEntries, timeToLive, partitions, value, askTimeout, partitionTimeout);
  }
}
