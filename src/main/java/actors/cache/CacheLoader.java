package actors.cache;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where a read-through cache gets a value it does not hold: a database, a service, a computation.
 *
 * <p>The cache calls it from its actor and must not wait, so a load returns at once with a stage
 * that completes later, on any thread; the result comes back to the actor as a message. One load
 * runs per missing key however many gets wait for it. A partitioned cache shares one loader between
 * its partitions, so {@code load} may be called from several actors at once.
 */
@FunctionalInterface
public interface CacheLoader {

  /**
   * Starts loading {@code key}: completes with the value, with empty if the key does not exist
   * (nothing is cached then), or exceptionally if the load failed (every waiting get fails).
   */
  CompletionStage<Optional<String>> load(String key);
}
