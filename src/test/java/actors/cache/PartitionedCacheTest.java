package actors.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.junit.jupiter.api.Test;

/** The cache contract against a {@link PartitionedCache} of four partitions. */
class PartitionedCacheTest extends CacheContract {

  @Override
  Behavior<Cache.Command> cache(CacheSettings settings, CacheLoader loader) {
    return PartitionedCache.create(settings.withPartitions(4), loader);
  }

  @Test
  void partitionOf_spreadsKeysOverEveryPartition() {
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      int partition = PartitionedCache.partitionOf("key-" + i, 4);
      assertThat(partition).isBetween(0, 3);
      used.add(partition);
    }
    assertThat(used).hasSize(4);
  }

  @Test
  void capacities_addUpToMaxEntriesWhenItDoesNotDivideEvenly() {
    ActorRef<Cache.Command> cache = spawn(defaults.withMaxEntries(10)); // 3 + 3 + 2 + 2
    for (int i = 0; i < 1_000; i++) {
      put(cache, "key-" + i, "v");
    }
    assertThat(size(cache)).isEqualTo(10);
  }

  @Test
  void partitions_neverMoreThanEntries() {
    assertThat(defaults.withMaxEntries(2).withPartitions(4).effectivePartitions()).isEqualTo(2);
    assertThat(defaults.withPartitions(0).effectivePartitions())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
  }
}
