package actors.cache;

/**
 * A partitioned cache could not answer for all its partitions (one stopped, or did not answer in
 * time): the message says which, and no partial answer is given.
 */
public final class CacheUnavailableException extends RuntimeException {
  CacheUnavailableException(String message) {
    super(message);
  }
}
