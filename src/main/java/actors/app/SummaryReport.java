package actors.app;

import actors.pipeline.Outcome;
import actors.pipeline.Summary;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of {@code actors download}: the summary as one line for people (stderr) and as one JSON
 * object for scripts ({@code --json}, stdout).
 */
record SummaryReport(Summary summary, long millis, Summary.InFlight inFlight, int parallelism) {

  /** Created with the first --json summary: a mapper's first creation costs a run's start 65 ms. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

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

  /**
   * The failed URLs, one line each, for people: the first {@value Summary#FAILED_NAMED}, then how
   * many more the manifest (at {@code manifest}) lists. Empty when none failed.
   */
  List<String> failedLines(Path manifest) {
    List<String> lines = new ArrayList<>();
    for (Outcome failed : summary.firstFailed()) {
      lines.add(
          "  failed: " + failed.url() + " (" + failed.error() + ", line " + failed.line() + ")");
    }
    long more = summary.count(Outcome.Status.FAILED) - summary.firstFailed().size();
    if (more > 0) {
      lines.add("  and " + more + " more, see the manifest: " + manifest);
    }
    return lines;
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
    List<Map<String, Object>> failed = new ArrayList<>();
    for (Outcome outcome : summary.firstFailed()) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("line", outcome.line());
      line.put("url", outcome.url());
      line.put("error", outcome.error());
      failed.add(line);
    }
    json.put("failed_urls", failed); // the first ones; the manifest has every line
    try {
      return Json.MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("numbers and strings always serialize", e);
    }
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
