package actors.serve;

import actors.cache.Cache;
import actors.cache.CacheSettings;
import actors.cache.PartitionedCache;
import actors.counter.CounterEntity;
import actors.jobs.ClusterJob;
import actors.jobs.JobMetrics;
import actors.jobs.JobWorkers;
import actors.jobs.JobsSettings;
import actors.support.Entities;
import actors.support.Stages;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * The service's entities on a cluster, through Cluster Sharding: every node runs a shard region of
 * each kind, and any node reaches any entity, wherever it lives.
 *
 * <ul>
 *   <li>Counters: one {@link CounterEntity} per name. Durable ones recover from the shared journal
 *       wherever they start next (a rebalance, a node's death), so an answered increment is never
 *       lost; an unanswered one was not written (the entity answers only after the write), so it is
 *       never counted twice either. Before a shard moves, {@link CounterEntity.Passivate} writes
 *       and answers the batch being gathered. Idle counters passivate (Pekko's default).
 *   <li>Cache: {@code cache-partitions} {@link Cache} entities, a key's partition chosen by its
 *       hash as in {@link PartitionedCache}, their capacities adding up to {@code max-entries}
 *       wherever they live. Entries are in memory only: when a partition's node dies or the
 *       partition moves, its entries are gone (the next get is a miss, never a wrong value). So
 *       partitions never passivate, which would empty them for being idle.
 * </ul>
 */
final class ShardedEntities {

  static final EntityTypeKey<Cache.Command> CACHE_PARTITION =
      EntityTypeKey.create(Cache.Command.class, "cache-partition");

  /** How many times each cache partition has started: a durable counter per partition. */
  static final EntityTypeKey<CounterEntity.Command> CACHE_STARTS =
      EntityTypeKey.create(CounterEntity.Command.class, "cache-partition-starts");

  /** The kinds {@code GET /cluster} reports the shards of. */
  static final List<EntityTypeKey<?>> KINDS =
      List.of(CounterEntity.TYPE_KEY, CACHE_PARTITION, ClusterJob.TYPE_KEY);

  private final Entities<CounterEntity.Command> counters;
  private final Behavior<Cache.Command> cache;
  private final Entities<CounterEntity.Command> cacheStarts;
  private final int cachePartitions;

  private ShardedEntities(
      Entities<CounterEntity.Command> counters,
      Behavior<Cache.Command> cache,
      Entities<CounterEntity.Command> cacheStarts,
      int cachePartitions) {
    this.counters = counters;
    this.cache = cache;
    this.cacheStarts = cacheStarts;
    this.cachePartitions = cachePartitions;
  }

  /** Starts this node's shard regions. */
  static ShardedEntities init(
      ActorSystem<?> system,
      ServeSettings settings,
      ClusterSettings cluster,
      CacheSettings cacheSettings) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(
        Entity.of(
                CounterEntity.TYPE_KEY,
                entity ->
                    settings.durableCounters()
                        ? CounterEntity.durable(entity.getEntityId())
                        : CounterEntity.inMemory())
            .withStopMessage(CounterEntity.Passivate.INSTANCE)
            // An in-memory counter that passivated would come back at 0: only durable ones go
            // when idle (a shard that moves still loses in-memory values, as a restart does).
            .withSettings(
                settings.durableCounters()
                    ? ClusterShardingSettings.create(system)
                    : ClusterShardingSettings.create(system).withNoPassivationStrategy()));

    sharding.init(
        Entity.of(
                CACHE_STARTS,
                entity ->
                    CounterEntity.durable(
                        PersistenceId.of(CACHE_STARTS.name(), entity.getEntityId())))
            .withStopMessage(CounterEntity.Passivate.INSTANCE));
    Entities<CounterEntity.Command> starts = Entities.sharded(sharding, CACHE_STARTS);
    int partitions = cluster.cachePartitions();
    sharding.init(
        Entity.of(
                CACHE_PARTITION,
                entity -> partition(cacheSettings, entity.getEntityId(), partitions, starts))
            .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
    List<EntityRef<Cache.Command>> refs =
        IntStream.range(0, partitions)
            .mapToObj(i -> sharding.entityRefFor(CACHE_PARTITION, Integer.toString(i)))
            .toList();
    return new ShardedEntities(
        Entities.sharded(sharding, CounterEntity.TYPE_KEY),
        PartitionedCache.over(refs, cacheSettings.partitionTimeout()),
        starts,
        partitions);
  }

  /**
   * Partition {@code entityId}, which counts its start first: every start after the first one is a
   * partition that began again empty (its node died or left, or the service restarted).
   */
  private static Behavior<Cache.Command> partition(
      CacheSettings settings,
      String entityId,
      int partitions,
      Entities<CounterEntity.Command> starts) {
    int index = Integer.parseInt(entityId);
    return Behaviors.setup(
        context -> {
          starts.tell(entityId, new CounterEntity.Increment(1, context.getSystem().ignoreRef()));
          // As a local partition: one that fails starts again empty (a cache may lose entries).
          return Behaviors.supervise(
                  Cache.create(
                      settings.withMaxEntries(
                          PartitionedCache.capacity(settings, index, partitions))))
              .onFailure(
                  RuntimeException.class,
                  SupervisorStrategy.restart().withLimit(10, Duration.ofMinutes(1)));
        });
  }

  /**
   * How many times a cache partition started again, empty, since the cluster first ran: what a
   * node's death (or leave, or a restart of the service) cost the cache, counted by the partitions
   * that lost their entries. A partition never used has not started, and counts nothing.
   */
  CompletionStage<Long> cachePartitionRestarts(Duration timeout) {
    CompletableFuture<Long> sum = CompletableFuture.completedFuture(0L);
    for (int i = 0; i < cachePartitions; i++) {
      CompletionStage<Long> started =
          cacheStarts.ask(Integer.toString(i), CounterEntity.Get::new, timeout);
      sum = sum.thenCombine(Stages.plain(started), (total, n) -> total + Math.max(0, n - 1));
    }
    return sum;
  }

  /**
   * Download jobs: a {@link ClusterJob} per job, remembered (sharding starts a running job's entity
   * again on another node when its node dies, without waiting for a request), and this node's
   * {@link JobWorkers}, which every job finds through the Receptionist.
   */
  static Route jobs(
      ActorSystem<?> system, ServeSettings settings, ClusterSettings cluster, JobMetrics metrics) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(
        Entity.of(
                ClusterJob.TYPE_KEY,
                entity -> ClusterJob.create(entity.getEntityId(), entity.getShard(), metrics))
            .withSettings(
                ClusterShardingSettings.create(system)
                    .withRememberEntities(true)
                    .withRememberEntitiesStoreMode(
                        ClusterShardingSettings.rememberEntitiesStoreModeEventSourced())));
    Path jobsDir = settings.data().toAbsolutePath().resolve("jobs");
    Config config = system.settings().config();
    system.systemActorOf(
        JobWorkers.create(
            jobsDir,
            config,
            Cluster.get(system).selfMember().address().toString(),
            cluster.jobWorkers(),
            metrics),
        "job-workers",
        Props.empty());
    JobsSettings jobsSettings = JobsSettings.create(config);
    JobSubmissions submissions = new JobSubmissions(jobsDir, config, jobsSettings, system);
    return new JobRoutes(
            new ClusterJobs(system, submissions, config, settings.askTimeout()),
            submissions,
            system)
        .route(jobsSettings.maxListBytes());
  }

  Entities<CounterEntity.Command> counters() {
    return counters;
  }

  /** The cache's entry point on this node: routes each key to its sharded partition. */
  Behavior<Cache.Command> cache() {
    return cache;
  }
}
