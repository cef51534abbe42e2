package actors.pipeline;

import static actors.support.Require.between;
import static actors.support.Require.require;

import actors.support.Durations;
import actors.support.InvalidSettingException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The download pipeline's settings, read once from {@code actors.pipeline} in {@code
 * application.conf} (each key commented there). A record that checks itself: however it is built
 * (from the config, from command-line options layered over it, from a service's JSON), a value out
 * of range fails with an {@link InvalidSettingException} naming the key, before any download.
 *
 * <p>To change a value, layer it over the config and read again (what {@code actors download} does
 * with its options): {@code create(ConfigFactory.parseMap(Map.of("actors.pipeline.timeout",
 * "5s")).withFallback(config))}.
 */
public record PipelineSettings(
    int parallelism,
    int buffer,
    Duration timeout,
    Duration connectTimeout,
    Duration idleTimeout,
    int retries,
    Duration backoffMin,
    Duration backoffMax,
    double backoffRandomFactor,
    long maxBytes,
    int maxRedirects,
    int maxLineLength,
    long limitRate,
    boolean revalidate,
    boolean continuePartials,
    Duration partialMaxAge,
    FileNaming names,
    RequestSettings request) {

  /** The config namespace. */
  public static final String PATH = "actors.pipeline";

  /** Longest duration accepted: timers beyond Pekko's scheduler's range (~248 days) fail. */
  static final Duration LONGEST = Duration.ofDays(30);

  private static final Duration SHORTEST = Duration.ofMillis(1);

  public PipelineSettings {
    between(parallelism, 1, 4096, key("parallelism"));
    between(buffer, 1, 1_000_000, key("buffer"));
    between(timeout, SHORTEST, LONGEST, key("timeout"));
    between(connectTimeout, SHORTEST, LONGEST, key("connect-timeout"));
    between(idleTimeout, SHORTEST, LONGEST, key("idle-timeout"));
    between(retries, 0, 100, key("retries"));
    between(backoffMin, SHORTEST, LONGEST, key("backoff-min"));
    between(backoffMax, SHORTEST, LONGEST, key("backoff-max"));
    require(
        backoffMin.compareTo(backoffMax) <= 0,
        key("backoff-min"),
        "("
            + Durations.format(backoffMin)
            + ") must not exceed "
            + key("backoff-max")
            + " ("
            + Durations.format(backoffMax)
            + ")");
    between(backoffRandomFactor, 0.0, 1.0, key("backoff-random-factor"));
    between(maxBytes, 1, Long.MAX_VALUE, key("max-bytes"));
    between(maxRedirects, 0, 100, key("max-redirects"));
    between(maxLineLength, 16, 16 * 1024 * 1024, key("max-line-length"));
    between(limitRate, 0, 1_000_000_000, key("limit-rate")); // the throttle's 1 per ns
    between(partialMaxAge, SHORTEST, Duration.ofDays(3650), key("partial-max-age"));
    require(request != null, key("headers"), "is missing");
  }

  /** The same settings, with {@code credentials} for the URLs that name no user. */
  public PipelineSettings withCredentials(Credentials credentials) {
    return new PipelineSettings(
        parallelism,
        buffer,
        timeout,
        connectTimeout,
        idleTimeout,
        retries,
        backoffMin,
        backoffMax,
        backoffRandomFactor,
        maxBytes,
        maxRedirects,
        maxLineLength,
        limitRate,
        revalidate,
        continuePartials,
        partialMaxAge,
        names,
        request.withCredentials(credentials));
  }

  /** Reads {@code actors.pipeline} from {@code config}. */
  public static PipelineSettings create(Config config) {
    Config c = config.getConfig(PATH);
    return new PipelineSettings(
        read(() -> c.getInt("parallelism"), "parallelism"),
        read(() -> c.getInt("buffer"), "buffer"),
        read(() -> c.getDuration("timeout"), "timeout"),
        read(() -> c.getDuration("connect-timeout"), "connect-timeout"),
        read(() -> c.getDuration("idle-timeout"), "idle-timeout"),
        read(() -> c.getInt("retries"), "retries"),
        read(() -> c.getDuration("backoff-min"), "backoff-min"),
        read(() -> c.getDuration("backoff-max"), "backoff-max"),
        read(() -> c.getDouble("backoff-random-factor"), "backoff-random-factor"),
        read(() -> c.getBytes("max-bytes"), "max-bytes"),
        read(() -> c.getInt("max-redirects"), "max-redirects"),
        read(() -> Math.toIntExact(c.getBytes("max-line-length")), "max-line-length"),
        read(() -> c.getBytes("limit-rate"), "limit-rate"),
        read(() -> c.getBoolean("revalidate"), "revalidate"),
        read(() -> c.getBoolean("continue"), "continue"),
        read(() -> c.getDuration("partial-max-age"), "partial-max-age"),
        FileNaming.of(read(() -> c.getString("names"), "names")),
        RequestSettings.read(c));
  }

  /** The full config key of {@code name}: {@code actors.pipeline.timeout}. */
  public static String key(String name) {
    return PATH + "." + name;
  }

  /** A value of the config, or an error naming its key (a size where a number was due, say). */
  static <T> T read(Supplier<T> read, String name) {
    try {
      return read.get();
    } catch (ConfigException e) {
      throw new InvalidSettingException(key(name), "cannot be read: " + e.getMessage());
    } catch (ArithmeticException e) {
      throw new InvalidSettingException(key(name), "is too large");
    }
  }
}
