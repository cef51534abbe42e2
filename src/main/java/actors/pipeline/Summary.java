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
  private long downloads;
  private long downloadNanos;
  private long slotWaitNanos;
  private long storeWaitNanos;

  Summary add(Pipeline.Recorded done) {
    Outcome outcome = done.outcome();
    if (outcome.attempts() > 0) {
      downloads++;
      downloadNanos += outcome.millis() * 1_000_000;
      slotWaitNanos += done.slotWaitNanos();
      storeWaitNanos += done.storeWaitNanos();
    }
    return add(outcome);
  }

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

  /** Mean time a URL waited for a download slot: the source waiting for the downloaders. */
  public double meanSlotWaitMillis() {
    return downloads == 0 ? 0 : slotWaitNanos / 1e6 / downloads;
  }

  /**
   * Mean time a finished download waited for the manifest writer: downloads waiting on the store.
   */
  public double meanStoreWaitMillis() {
    return downloads == 0 ? 0 : storeWaitNanos / 1e6 / downloads;
  }

  /** Mean time of one download, retries included. */
  public double meanDownloadMillis() {
    return downloads == 0 ? 0 : downloadNanos / 1e6 / downloads;
  }

  /**
   * The stage that held the run back, judged from where elements waited: for download slots (the
   * downloads: the servers or the network), for the manifest writer (the store), or neither, with
   * slots left idle (the source: input arrived slower than the downloaders could take it).
   */
  public String bottleneck(Progress.Stats stats, int parallelism) {
    if (downloads == 0) {
      return "none (nothing was downloaded)";
    }
    if (downloads <= parallelism) {
      return "none (fewer URLs than download slots)";
    }
    double download = Math.max(meanDownloadMillis(), 0.001);
    if (meanStoreWaitMillis() > download / 2) {
      return "store (finished downloads waited for the manifest writer)";
    }
    if (meanSlotWaitMillis() > download / 10 || stats.meanInFlight() >= 0.8 * parallelism) {
      return "downloads (URLs waited for one of the " + parallelism + " slots)";
    }
    return "source (download slots waited for URLs)";
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

  /** One line for people, with the bottleneck. */
  public String line(long millis, Progress.Stats stats, int parallelism) {
    return line(millis)
        + String.format(
            "; at most %d in flight (mean %.1f); bottleneck: %s",
            stats.maxInFlight(), stats.meanInFlight(), bottleneck(stats, parallelism));
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

  /** The summary as one JSON object, with the backpressure measurements. */
  public String toJson(long millis, Progress.Stats stats, int parallelism) {
    String base = toJson(millis);
    StringBuilder json = new StringBuilder(base.substring(0, base.length() - 1)).append(',');
    Json.field(json, "wait_for_slot_ms", round(meanSlotWaitMillis())).append(',');
    Json.field(json, "wait_for_store_ms", round(meanStoreWaitMillis())).append(',');
    Json.field(json, "download_ms", round(meanDownloadMillis())).append(',');
    Json.field(json, "in_flight_max", stats.maxInFlight()).append(',');
    Json.field(json, "in_flight_mean", round(stats.meanInFlight())).append(',');
    Json.field(json, "bottleneck", bottleneck(stats, parallelism));
    return json.append('}').toString();
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
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
