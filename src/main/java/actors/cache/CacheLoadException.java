package actors.cache;

/** A read-through load failed or timed out; nothing was cached, so the next get loads again. */
public final class CacheLoadException extends RuntimeException {

  CacheLoadException(String key, String reason) {
    super("cache get of \"" + key + "\": " + reason);
  }
}
