package actors.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What happened to one input line: one manifest line, written and read by {@link ManifestCodec}.
 * {@code file} (relative to the output directory), {@code sha256} and {@code httpStatus} are null
 * when there is nothing to say; {@code error} is one of the {@link ErrorCode}s' spellings ({@code
 * timeout}, {@code http-404}, {@code unsupported-scheme (line 2)}), null when there is none; {@code
 * url} is the line as written, its password masked. {@code etag} and {@code last_modified} are the
 * server's validators for a body, when it sent them (what {@code --revalidate} asks with), and
 * absent from the line otherwise.
 */
@JsonPropertyOrder({
  "url",
  "status",
  "file",
  "bytes",
  "sha256",
  "attempts",
  "http_status",
  "error",
  "ms",
  "line",
  "etag",
  "last_modified"
})
public record Outcome(
    long line,
    String url,
    Status status,
    String file,
    long bytes,
    String sha256,
    int attempts,
    @JsonProperty("http_status") Integer httpStatus,
    String error,
    @JsonProperty("ms") long millis,
    @JsonInclude(JsonInclude.Include.NON_NULL) String etag,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("last_modified") String lastModified)
    implements ValidatedLine {

  /** A line without the server's validators (none sent, or nothing downloaded). */
  public Outcome(
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
    this(line, url, status, file, bytes, sha256, attempts, httpStatus, error, millis, null, null);
  }

  /** The manifest's {@code status} field. */
  public enum Status {
    OK,
    FAILED,
    CANCELLED,
    INVALID,
    DUPLICATE,
    SKIPPED;

    /** The manifest spelling, lower case. */
    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the line's body is in the output directory (downloaded now or before). */
    public boolean complete() {
      return this == OK || this == SKIPPED;
    }
  }

  /** A line that is no URL to request: {@code error} names the reason and the line. */
  static Outcome invalid(InputLine line, String url, ErrorCode why) {
    return notRequested(line, url, Status.INVALID, why.text() + " (line " + line.number() + ")");
  }

  /** A line whose URL an earlier line already named. */
  static Outcome duplicate(InputLine line, String url) {
    return notRequested(line, url, Status.DUPLICATE, null);
  }

  /** A line cancelled before its download started. */
  static Outcome cancelledBeforeStart(InputLine line, String url) {
    return notRequested(line, url, Status.CANCELLED, ErrorCode.CANCELLED.text());
  }

  /** A line a previous run completed, with what it recorded: not requested again. */
  static Outcome skipped(InputLine line, Outcome previous) {
    return new Outcome(
        line.number(),
        previous.url(),
        Status.SKIPPED,
        previous.file(),
        previous.bytes(),
        previous.sha256(),
        0,
        null,
        null,
        0,
        previous.etag(),
        previous.lastModified());
  }

  /** A line a previous run completed, asked again: the server said it has not changed (304). */
  static Outcome notModified(InputLine line, Outcome previous, int attempts, long ms) {
    return new Outcome(
        line.number(),
        previous.url(),
        Status.SKIPPED,
        previous.file(),
        previous.bytes(),
        previous.sha256(),
        attempts,
        304,
        null,
        ms,
        previous.etag(),
        previous.lastModified());
  }

  /** A body downloaded into {@code file}. */
  static Outcome downloaded(
      InputLine line, String url, BodyWriter.Written body, int attempts, long ms) {
    return new Outcome(
        line.number(),
        url,
        Status.OK,
        body.file(),
        body.bytes(),
        body.sha256(),
        attempts,
        body.httpStatus(),
        null,
        ms,
        body.etag(),
        body.lastModified());
  }

  /** A download that failed, or was cancelled, after {@code attempts}. */
  static Outcome failed(InputLine line, String url, Failure failure, int attempts, long ms) {
    return new Outcome(
        line.number(),
        url,
        failure.cancelled() ? Status.CANCELLED : Status.FAILED,
        null,
        0,
        null,
        attempts,
        failure.httpStatus(),
        failure.text(),
        ms);
  }

  private static Outcome notRequested(InputLine line, String url, Status status, String error) {
    return new Outcome(line.number(), url, status, null, 0, null, 0, null, error, 0);
  }
}
