package actors.pipeline;

import java.util.Locale;

/**
 * What happened to one input line: one manifest line. {@code file} (relative to the output
 * directory), {@code sha256} and {@code httpStatus} are null when there is nothing to say; {@code
 * error} is a short, stable reason such as {@code timeout}, {@code http-404} or {@code too-large}.
 */
public record Outcome(
    long line,
    String url,
    Status status,
    String file,
    long bytes,
    String sha256,
    int attempts,
    Integer httpStatus,
    String error,
    long millis) {

  /** The manifest's {@code status} field. */
  public enum Status {
    OK,
    FAILED,
    CANCELLED,
    INVALID,
    DUPLICATE,
    SKIPPED;

    /** The manifest spelling, lower case. */
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A line that never became a request. */
  static Outcome without(InputLine line, Status status, String error) {
    return new Outcome(line.number(), line.text(), status, null, 0, null, 0, null, error, 0);
  }

  /** The manifest line: one JSON object, no trailing newline. */
  public String toJson() {
    StringBuilder json = new StringBuilder(160).append('{');
    Json.field(json, "url", url).append(',');
    Json.field(json, "status", status.json()).append(',');
    Json.field(json, "file", file).append(',');
    Json.field(json, "bytes", bytes).append(',');
    Json.field(json, "sha256", sha256).append(',');
    Json.field(json, "attempts", attempts).append(',');
    Json.field(json, "http_status", httpStatus).append(',');
    Json.field(json, "error", error).append(',');
    Json.field(json, "ms", millis).append(',');
    Json.field(json, "line", line);
    return json.append('}').toString();
  }
}
