package actors.support;

import java.time.Duration;
import java.util.function.Function;

/**
 * Range checks for the settings records' compact constructors: each failure is an {@link
 * InvalidSettingException} naming the config key, so a record is valid however it was built (from
 * {@code application.conf}, from options, from JSON).
 */
public final class Require {

  private Require() {}

  /** Fails with {@code problem} for {@code key} unless {@code condition} holds. */
  public static void require(boolean condition, String key, String problem) {
    if (!condition) {
      throw new InvalidSettingException(key, problem);
    }
  }

  /** {@code value} if it is within [{@code min}, {@code max}]. */
  public static long between(long value, long min, long max, String key) {
    return within(value, min, max, key, String::valueOf);
  }

  /** {@code value} if it is within [{@code min}, {@code max}]. */
  public static double between(double value, double min, double max, String key) {
    return within(value, min, max, key, String::valueOf);
  }

  /** {@code value} if it is within [{@code min}, {@code max}], written as the config writes it. */
  public static Duration between(Duration value, Duration min, Duration max, String key) {
    require(value != null, key, "is missing");
    return within(value, min, max, key, Durations::format);
  }

  private static <T extends Comparable<T>> T within(
      T value, T min, T max, String key, Function<T, String> written) {
    require(
        value.compareTo(min) >= 0 && value.compareTo(max) <= 0,
        key,
        "must be between "
            + written.apply(min)
            + " and "
            + written.apply(max)
            + ", got "
            + written.apply(value));
    return value;
  }
}
