package actors.pipeline;

import java.util.EnumMap;
import java.util.Map;

/**
 * The totals of a run: outcomes per status, bytes written, attempts beyond the first. Built by
 * folding outcomes in one stream stage, so it needs no synchronisation.
 */
public final class Summary {

  private final Map<Outcome.Status, Long> counts = new EnumMap<>(Outcome.Status.class);
  private long bytes;
  private long retries;
  private long lines;

  Summary add(Outcome outcome) {
    counts.merge(outcome.status(), 1L, Long::sum);
    if (outcome.status() == Outcome.Status.OK) {
      bytes += outcome.bytes();
    }
    retries += Math.max(0, outcome.attempts() - 1);
    lines++;
    return this;
  }

  /** Outcomes with {@code status}. */
  public long count(Outcome.Status status) {
    return counts.getOrDefault(status, 0L);
  }

  /** Input lines accounted for: exactly one outcome each. */
  public long lines() {
    return lines;
  }

  /** Body bytes written by this run (skipped files not included). */
  public long bytes() {
    return bytes;
  }

  /** Attempts after the first, over all URLs. */
  public long retries() {
    return retries;
  }

  /**
   * 0 when every URL is ok, skipped or a duplicate; 1 when any failed, was cancelled or invalid.
   */
  public int exitCode() {
    return count(Outcome.Status.FAILED)
                + count(Outcome.Status.CANCELLED)
                + count(Outcome.Status.INVALID)
            == 0
        ? 0
        : 1;
  }

  /** One line for people. */
  public String line(long millis) {
    double seconds = Math.max(millis, 1) / 1000.0;
    return String.format(
        "%d URLs in %.1f s: %d ok, %d skipped, %d duplicate, %d failed, %d cancelled, %d invalid;"
            + " %.1f MB (%.1f MB/s), %d retries",
        lines,
        seconds,
        count(Outcome.Status.OK),
        count(Outcome.Status.SKIPPED),
        count(Outcome.Status.DUPLICATE),
        count(Outcome.Status.FAILED),
        count(Outcome.Status.CANCELLED),
        count(Outcome.Status.INVALID),
        bytes / 1e6,
        bytes / 1e6 / seconds,
        retries);
  }

  /** The summary as one JSON object. */
  public String toJson(long millis) {
    StringBuilder json = new StringBuilder("{");
    Json.field(json, "urls", lines).append(',');
    for (Outcome.Status status : Outcome.Status.values()) {
      Json.field(json, status.json(), count(status)).append(',');
    }
    Json.field(json, "bytes", bytes).append(',');
    Json.field(json, "retries", retries).append(',');
    Json.field(json, "ms", millis).append(',');
    Json.field(json, "exit_code", exitCode());
    return json.append('}').toString();
  }
}
