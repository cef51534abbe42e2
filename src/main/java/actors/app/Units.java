package actors.app;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations ({@code 500ms}, {@code 5s}, {@code 2m}) and sizes ({@code 512KiB}, {@code 10MB}) on the
 * command line, read by the same parser as {@code application.conf} (HOCON's), so an option and its
 * config key accept the same spellings.
 *
 * <p>One difference on purpose: HOCON reads a bare number as milliseconds, curl as seconds. On the
 * command line a duration must name its unit, so {@code --timeout 30} is an error, not a guess.
 */
public final class Units {

  private Units() {}

  /** Parses a non-negative duration with a unit: ns, us, ms, s, m, h, d. */
  public static Duration parseDuration(String text) {
    String trimmed = text.trim();
    if (!trimmed.isEmpty() && Character.isDigit(trimmed.charAt(trimmed.length() - 1))) {
      throw new IllegalArgumentException(
          "'" + text + "' has no unit: write it like 500ms, 30s, 2m or 1h");
    }
    Duration duration;
    try {
      duration = hocon(trimmed).getDuration("v");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: write it like 500ms, 30s, 2m or 1h", e);
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("'" + text + "' is negative: a duration must be >= 0");
    }
    if (duration.toNanos() == Long.MAX_VALUE) { // HOCON saturates what does not fit
      throw new IllegalArgumentException("'" + text + "' is too long");
    }
    return duration;
  }

  /**
   * Parses a non-negative size: bytes, or with a unit (KiB, MiB, GiB = 1024^n; kB, MB, GB =
   * 1000^n).
   */
  public static long parseSize(String text) {
    long bytes;
    try {
      String trimmed = text.trim();
      java.math.BigInteger exact =
          trimmed.matches("\\d+") // HOCON reads a bare number as a long, saturating
              ? new java.math.BigInteger(trimmed)
              : hocon(trimmed).getMemorySize("v").toBytesBigInteger();
      if (exact.bitLength() > 63) {
        throw new IllegalArgumentException("'" + text + "' is too large");
      }
      bytes = exact.longValueExact();
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size: write it like 4096, 512KiB, 10MB or 1GiB", e);
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("'" + text + "' is negative: a size must be >= 0");
    }
    return bytes;
  }

  private static com.typesafe.config.Config hocon(String text) {
    return ConfigFactory.empty().withValue("v", ConfigValueFactory.fromAnyRef(text));
  }

  /** picocli converter for duration options. */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parseDuration(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** picocli converter for size options. */
  public static final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return parseSize(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
