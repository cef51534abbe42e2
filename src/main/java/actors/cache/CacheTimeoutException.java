package actors.cache;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** A cache did not answer a {@link CacheClient} call in time. */
public final class CacheTimeoutException extends TimeoutException {

  CacheTimeoutException(String operation, String key, Duration timeout) {
    super(
        "cache "
            + operation
            + (key == null ? "" : " of \"" + key + "\"")
            + " got no reply within "
            + timeout.toMillis()
            + " ms (actors.cache.ask-timeout): is the cache actor running?");
  }
}
