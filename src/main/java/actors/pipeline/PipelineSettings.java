package actors.pipeline;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The download pipeline's settings: read once from {@code actors.pipeline} in {@code
 * application.conf}; command-line options override them through the {@code withX} copies.
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
    int maxLineLength) {

  /** Reads {@code actors.pipeline} from {@code config}. */
  public static PipelineSettings create(Config config) {
    Config c = config.getConfig("actors.pipeline");
    return new PipelineSettings(
        c.getInt("parallelism"),
        c.getInt("buffer"),
        c.getDuration("timeout"),
        c.getDuration("connect-timeout"),
        c.getDuration("idle-timeout"),
        c.getInt("retries"),
        c.getDuration("backoff-min"),
        c.getDuration("backoff-max"),
        c.getDouble("backoff-random-factor"),
        c.getBytes("max-bytes"),
        c.getInt("max-redirects"),
        c.getBytes("max-line-length").intValue());
  }

  public PipelineSettings withParallelism(int value) {
    return new PipelineSettings(
        value,
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
        maxLineLength);
  }

  public PipelineSettings withTimeout(Duration value) {
    return new PipelineSettings(
        parallelism,
        buffer,
        value,
        connectTimeout,
        idleTimeout,
        retries,
        backoffMin,
        backoffMax,
        backoffRandomFactor,
        maxBytes,
        maxRedirects,
        maxLineLength);
  }

  public PipelineSettings withConnectTimeout(Duration value) {
    return new PipelineSettings(
        parallelism,
        buffer,
        timeout,
        value,
        idleTimeout,
        retries,
        backoffMin,
        backoffMax,
        backoffRandomFactor,
        maxBytes,
        maxRedirects,
        maxLineLength);
  }

  public PipelineSettings withIdleTimeout(Duration value) {
    return new PipelineSettings(
        parallelism,
        buffer,
        timeout,
        connectTimeout,
        value,
        retries,
        backoffMin,
        backoffMax,
        backoffRandomFactor,
        maxBytes,
        maxRedirects,
        maxLineLength);
  }

  public PipelineSettings withRetries(int value) {
    return new PipelineSettings(
        parallelism,
        buffer,
        timeout,
        connectTimeout,
        idleTimeout,
        value,
        backoffMin,
        backoffMax,
        backoffRandomFactor,
        maxBytes,
        maxRedirects,
        maxLineLength);
  }

  public PipelineSettings withBackoff(Duration min, Duration max) {
    return new PipelineSettings(
        parallelism,
        buffer,
        timeout,
        connectTimeout,
        idleTimeout,
        retries,
        min,
        max,
        backoffRandomFactor,
        maxBytes,
        maxRedirects,
        maxLineLength);
  }

  public PipelineSettings withMaxBytes(long value) {
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
        value,
        maxRedirects,
        maxLineLength);
  }

  public PipelineSettings withMaxRedirects(int value) {
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
        value,
        maxLineLength);
  }
}
