package actors.serve;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * A request the service refuses, with its status and the JSON body that says why: {@code {"error":
 * "...", "field": "by"}}. Routes throw it (or fail their stage with it); {@link ApiErrors} turns it
 * into the response, in one place.
 */
final class ApiException extends RuntimeException {

  private final StatusCode status;
  private final Map<String, Object> body;

  private ApiException(StatusCode status, String message, Map<String, Object> details) {
    super(message, null, false, false); // an answer, not a bug: no stack trace
    this.status = status;
    this.body = new LinkedHashMap<>();
    body.put("error", message);
    body.putAll(details);
  }

  StatusCode status() {
    return status;
  }

  Map<String, Object> body() {
    return body;
  }

  /** {@code status} with {@code message}: for errors whose status comes from elsewhere. */
  static ApiException of(StatusCode status, String message, Map<String, Object> details) {
    return new ApiException(status, message, details);
  }

  /** 400: {@code field} (a parameter, a JSON field, a path segment) is wrong. */
  static ApiException badRequest(String field, String message) {
    return new ApiException(StatusCodes.BAD_REQUEST, message, Map.of("field", field));
  }

  /** 500: a failure nobody foresaw; the log has it. */
  static ApiException internal(Throwable failure) {
    return new ApiException(
        StatusCodes.INTERNAL_SERVER_ERROR,
        "internal error (" + failure.getClass().getSimpleName() + "), see the log",
        Map.of());
  }

  static ApiException notFound(String message) {
    return new ApiException(StatusCodes.NOT_FOUND, message, Map.of());
  }

  static ApiException conflict(String message) {
    return new ApiException(StatusCodes.CONFLICT, message, Map.of());
  }

  /** 503: {@code operation} got no answer in time (an actor, the journal). */
  static ApiException unavailable(String operation, String message) {
    return new ApiException(
        StatusCodes.SERVICE_UNAVAILABLE, message, Map.of("operation", operation));
  }

  /** 413: a body over {@code limit} bytes. */
  static ApiException tooLarge(String what, long limit) {
    return new ApiException(
        StatusCodes.PAYLOAD_TOO_LARGE,
        "Request too large: " + what + " is larger than the maximum of " + limit + " bytes",
        Map.of("limit", limit));
  }

  /** 507: the server's disk refused (full, read-only); nothing of the request was kept. */
  static ApiException storage(String message) {
    return new ApiException(
        StatusCodes.INSUFFICIENT_STORAGE, "the server cannot store it: " + message, Map.of());
  }

  static ApiException unsupportedMediaType(String message) {
    return new ApiException(StatusCodes.UNSUPPORTED_MEDIA_TYPE, message, Map.of());
  }
}
