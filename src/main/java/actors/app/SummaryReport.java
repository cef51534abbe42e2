package actors.app;

import actors.pipeline.Outcome;
import actors.pipeline.Summary;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The end of {@code actors download}: the summary as one line for people (stderr) and as one JSON
 * object for scripts ({@code --json}, stdout).
 */
record SummaryReport(Summary summary, long millis, Summary.InFlight inFlight, int parallelism) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code 53 URLs in 1.7 s: 50 ok, ...; bottleneck: downloads (...)}. */
  String line() {
    double seconds = Math.max(millis, 1) / 1000.0;
    return String.format(
        "%d URLs in %.1f s: %d ok, %d skipped, %d duplicate, %d failed, %d cancelled, %d invalid;"
            + " %.1f MB (%.1f MB/s), %d retries; at most %d in flight (mean %.1f); bottleneck: %s",
        summary.lines(),
        seconds,
        summary.count(Outcome.Status.OK),
        summary.count(Outcome.Status.SKIPPED),
        summary.count(Outcome.Status.DUPLICATE),
        summary.count(Outcome.Status.FAILED),
        summary.count(Outcome.Status.CANCELLED),
        summary.count(Outcome.Status.INVALID),
        summary.bytes() / 1e6,
        summary.bytes() / 1e6 / seconds,
        summary.retries(),
        inFlight.max(),
        inFlight.mean(),
        summary.bottleneck(inFlight, parallelism));
  }

  /** One JSON object, one line, with the backpressure measurements. */
  String json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("urls", summary.lines());
    for (Outcome.Status status : Outcome.Status.values()) {
      json.put(status.json(), summary.count(status));
    }
    json.put("bytes", summary.bytes());
    json.put("retries", summary.retries());
    json.put("ms", millis);
    json.put("exit_code", summary.exitCode());
    json.put("wait_for_slot_ms", round(summary.meanSlotWaitMillis()));
    json.put("wait_for_store_ms", round(summary.meanStoreWaitMillis()));
    json.put("download_ms", round(summary.meanDownloadMillis()));
    json.put("in_flight_max", inFlight.max());
    json.put("in_flight_mean", round(inFlight.mean()));
    json.put("bottleneck", summary.bottleneck(inFlight, parallelism));
    summary.problem().ifPresent(problem -> json.put("problem", problem));
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("numbers and strings always serialize", e);
    }
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
