package actors.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * N {@link Cache} actors behind one entry point that speaks the same protocol: the actor
 * counterpart of {@code RwLock}'s parallel readers (Go: a sharded map, one {@code RWMutex} per
 * shard). Each key belongs to one partition, chosen by its hash, so gets and puts of different keys
 * run on different actors, and so on different cores.
 *
 * <p>Routing is one {@code tell} per message: the partition replies to the caller directly, never
 * through this actor. {@link Cache.Size} and {@link Cache.GetStats} ask every partition (a {@link
 * Gather} child per question) and answer with the sum, or with an error reply if a partition does
 * not answer: never with silence.
 *
 * <p>Guarantees are the single cache's, per key: one caller's messages about a key reach its
 * partition in order, so a get after an acknowledged put sees it. The entry bound {@link
 * CacheSettings#maxEntries()} is split across the partitions (their capacities add up to it
 * exactly), and least-recently-used is judged within a partition: a skewed key distribution evicts
 * in the busiest partition first. A read-through loader is shared by all partitions.
 *
 * <p>Failure: a partition that fails is restarted empty (a cache may lose entries, and its other
 * partitions keep serving); with a limit, so a partition that keeps failing stops this cache too.
 */
public final class PartitionedCache extends AbstractBehavior<Cache.Command> {

  /** A partitioned cache with {@link CacheSettings#effectivePartitions()} partitions, no loader. */
  public static Behavior<Cache.Command> create(CacheSettings settings) {
    return create(settings, null);
  }

  /** A partitioned read-through cache; {@code loader} may be null. */
  public static Behavior<Cache.Command> create(CacheSettings settings, CacheLoader loader) {
    return Behaviors.setup(
        context ->
            new PartitionedCache(
                context, spawn(context, settings, loader), settings.partitionTimeout()));
  }

  /**
   * The same entry point over partitions that live elsewhere: Cluster Sharding's entities, one per
   * partition, spread over the nodes ({@code actors serve --cluster}). Each is a {@link Cache} of
   * {@link #capacity} entries. A partition is not watched (a sharded entity cannot be), so a
   * question of every partition fails after {@code partitionTimeout} if one does not answer.
   */
  public static Behavior<Cache.Command> over(
      List<? extends RecipientRef<Cache.Command>> partitions, Duration partitionTimeout) {
    return Behaviors.setup(
        context -> new PartitionedCache(context, List.copyOf(partitions), partitionTimeout));
  }

  /** Partition {@code index}'s capacity: they add up to maxEntries exactly. */
  public static int capacity(CacheSettings settings, int index, int partitions) {
    return settings.maxEntries() / partitions
        + (index < settings.maxEntries() % partitions ? 1 : 0);
  }

  private final List<RecipientRef<Cache.Command>> partitions;
  private final Duration partitionTimeout;

  private PartitionedCache(
      ActorContext<Cache.Command> context,
      List<RecipientRef<Cache.Command>> partitions,
      Duration partitionTimeout) {
    super(context);
    this.partitions = partitions;
    this.partitionTimeout = partitionTimeout;
  }

  private static List<RecipientRef<Cache.Command>> spawn(
      ActorContext<Cache.Command> context, CacheSettings settings, CacheLoader loader) {
    int n = settings.effectivePartitions();
    List<RecipientRef<Cache.Command>> spawned = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Behavior<Cache.Command> partition =
          Behaviors.supervise(
                  Cache.create(settings.withMaxEntries(capacity(settings, i, n)), loader))
              .onFailure(
                  RuntimeException.class,
                  SupervisorStrategy.restart().withLimit(10, Duration.ofMinutes(1)));
      spawned.add(context.spawn(partition, "partition-" + i));
    }
    return List.copyOf(spawned);
  }

  @Override
  public Receive<Cache.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Cache.Get.class, get -> route(get.key(), get))
        .onMessage(Cache.Put.class, put -> route(put.key(), put))
        .onMessage(Cache.Delete.class, delete -> route(delete.key(), delete))
        .onMessage(Cache.Size.class, this::onSize)
        .onMessage(Cache.GetStats.class, this::onGetStats)
        .build();
  }

  private Behavior<Cache.Command> route(String key, Cache.Command command) {
    partitions.get(partitionOf(key, partitions.size())).tell(command);
    return this;
  }

  /** The partition of {@code key}: its hash, spread so that similar keys land apart. */
  static int partitionOf(String key, int partitions) {
    int h = key.hashCode();
    return Math.floorMod(h ^ (h >>> 16), partitions);
  }

  private Behavior<Cache.Command> onSize(Cache.Size size) {
    getContext()
        .spawnAnonymous(
            Gather.create(
                "size",
                Integer.class,
                partitions,
                Cache.Size::new,
                Integer::sum,
                size.replyTo(),
                partitionTimeout));
    return this;
  }

  private Behavior<Cache.Command> onGetStats(Cache.GetStats get) {
    getContext()
        .spawnAnonymous(
            Gather.create(
                "stats",
                Cache.Stats.class,
                partitions,
                Cache.GetStats::new,
                Cache.Stats::plus,
                get.replyTo(),
                partitionTimeout));
    return this;
  }
}
