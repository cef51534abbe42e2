package actors.support;

import java.time.Duration;

/** Durations written the way {@code application.conf} and the command line read them. */
public final class Durations {

  private Durations() {}

  private static final long[] NANOS = {
    86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L
  };
  private static final String[] UNITS = {"d", "h", "m", "s", "ms", "us", "ns"};

  /** {@code 30s}, {@code 200ms}, {@code 2m}: the largest unit that divides the value exactly. */
  public static String format(Duration duration) {
    long nanos;
    try {
      nanos = duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return duration.toDays() + "d";
    }
    if (nanos == 0) {
      return "0s";
    }
    for (int i = 0; i < NANOS.length; i++) {
      if (nanos % NANOS[i] == 0) {
        return nanos / NANOS[i] + UNITS[i];
      }
    }
    return nanos + "ns";
  }
}
