package actors.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.junit.jupiter.api.Test;

/** The cache contract against one {@link Cache} actor, plus what only a single cache promises. */
class CacheTest extends CacheContract {

  @Override
  Behavior<Cache.Command> cache(CacheSettings settings, CacheLoader loader) {
    return Cache.create(settings, loader);
  }

  @Test
  void eviction_removesTheLeastRecentlyUsedEntry() {
    ActorRef<Cache.Command> cache = spawn(defaults.withMaxEntries(3));
    put(cache, "a", "1");
    put(cache, "b", "2");
    put(cache, "c", "3");
    get(cache, "a"); // a is now the most recently used; b the least
    put(cache, "d", "4"); // evicts b: c, a, d remain
    assertThat(get(cache, "b")).isEmpty(); // a miss uses nothing
    put(cache, "c", "33"); // a put is a use too: now a is the least recently used
    put(cache, "e", "5"); // evicts a
    assertThat(get(cache, "a")).isEmpty();
    assertThat(get(cache, "c")).contains("33");
    assertThat(get(cache, "d")).contains("4");
    assertThat(get(cache, "e")).contains("5");
    assertThat(stats(cache).evictions()).isEqualTo(2);
  }

  @Test
  void settings_badValuesAreRefusedWithTheKeyNamed() {
    assertThatThrownBy(() -> defaults.withMaxEntries(0))
        .isInstanceOf(actors.support.InvalidSettingException.class)
        .hasMessage("actors.cache.max-entries must be between 1 and 2147483647, got 0");
    assertThatThrownBy(() -> defaults.withTimeToLive(java.time.Duration.ofSeconds(-1)))
        .hasMessageContaining("actors.cache.time-to-live must be between 0s and 30d, got -1s");
    assertThatThrownBy(() -> defaults.withLoadTimeout(java.time.Duration.ZERO))
        .hasMessageContaining("actors.cache.load-timeout must be between 1ms and 1d");
    assertThatThrownBy(
            () ->
                CacheSettings.create(
                    com.typesafe.config.ConfigFactory.parseString(
                            "actors.cache { ask-timeout = 1s, partition-timeout = 2s }")
                        .withFallback(testKit.system().settings().config())))
        .hasMessageContaining("actors.cache.partition-timeout must be between 1ms and 1s, got 2s");
    assertThatThrownBy(() -> new Cache.Put("k", null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("use Delete");
  }
}
