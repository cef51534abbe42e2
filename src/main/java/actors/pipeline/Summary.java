package actors.pipeline;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The totals of a run: outcomes per status, bytes written, attempts beyond the first, and where
 * URLs waited (for a download slot, for the manifest writer), to name the stage that held the run
 * back. Built by folding outcomes in one stream stage, so it needs no synchronisation; read once
 * the run is done. How it is shown (a line, JSON) is up to the caller.
 */
public final class Summary {

  /** How many requests were in flight: the most at once, and the mean over the run. */
  public record InFlight(int max, double mean) {}

  private final Map<Outcome.Status, Long> counts = new EnumMap<>(Outcome.Status.class);
  private long bytes;
  private long retries;
  private long lines;
  private long downloads;
  private long downloadNanos;
  private long slotWaitNanos;
  private long storeWaitNanos;
  private String problem;
  private final List<Outcome> firstFailed = new ArrayList<>();

  /** How many failed lines the summary names ({@link #firstFailed}); the manifest has them all. */
  public static final int FAILED_NAMED = 10;

  Summary add(Pipeline.Recorded done) {
    Outcome outcome = done.outcome();
    if (outcome.attempts() > 0) {
      downloads++;
      downloadNanos += outcome.millis() * 1_000_000;
      slotWaitNanos += done.slotWaitNanos();
      storeWaitNanos += done.storeWaitNanos();
    }
    counts.merge(outcome.status(), 1L, Long::sum);
    if (outcome.status() == Outcome.Status.FAILED && firstFailed.size() < FAILED_NAMED) {
      firstFailed.add(outcome);
    }
    if (outcome.status() == Outcome.Status.OK) {
      bytes += outcome.bytes();
    }
    retries += Math.max(0, outcome.attempts() - 1);
    lines++;
    return this;
  }

  Summary problem(Optional<String> recording) {
    recording.ifPresent(text -> problem = text);
    return this;
  }

  /** The first {@link #FAILED_NAMED} failed lines, in the order they ended. */
  public List<Outcome> firstFailed() {
    return List.copyOf(firstFailed);
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
   * Why the run's outcomes could not be recorded (the manifest left as it was before the run), if
   * they could not.
   */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
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
  public String bottleneck(InFlight inFlight, int parallelism) {
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
    if (meanSlotWaitMillis() > download / 10 || inFlight.mean() >= 0.8 * parallelism) {
      return "downloads (URLs waited for one of the " + parallelism + " slots)";
    }
    return "source (download slots waited for URLs)";
  }

  /**
   * 0 when every URL is ok, skipped or a duplicate and the manifest is in place; 1 when any failed,
   * was cancelled or invalid, or the run could not be recorded.
   */
  public int exitCode() {
    long bad =
        count(Outcome.Status.FAILED)
            + count(Outcome.Status.CANCELLED)
            + count(Outcome.Status.INVALID);
    return bad == 0 && problem == null ? 0 : 1;
  }
}
