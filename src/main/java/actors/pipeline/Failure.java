package actors.pipeline;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Why an attempt failed, classified: the code, the HTTP status when there was one (also for a 2xx
 * whose body then failed), the server's {@code Retry-After}, and a detail for the debug log.
 */
record Failure(ErrorCode code, Integer httpStatus, Optional<Duration> retryAfter, String detail) {

  private static final Set<Integer> RETRYABLE_STATUS = Set.of(408, 429, 500, 502, 503, 504);

  /** A failure with no HTTP status. */
  static Failure of(ErrorCode code, String detail) {
    return new Failure(code, null, Optional.empty(), detail);
  }

  /** A response with a status that is not 2xx (nor a redirect followed). */
  static Failure status(int status, Optional<Duration> retryAfter) {
    return new Failure(ErrorCode.HTTP_STATUS, status, retryAfter, "HTTP " + status);
  }

  /** The same failure, seen after a response with {@code status} arrived. */
  Failure withStatus(int status) {
    return httpStatus != null ? this : new Failure(code, status, retryAfter, detail);
  }

  boolean retryable() {
    return code == ErrorCode.HTTP_STATUS ? RETRYABLE_STATUS.contains(httpStatus) : code.retryable();
  }

  boolean cancelled() {
    return code == ErrorCode.CANCELLED;
  }

  /** The manifest's {@code error}: {@code timeout}, {@code http-404}. */
  String text() {
    return code == ErrorCode.HTTP_STATUS ? "http-" + httpStatus : code.text();
  }

  /** An exception carrying a failure we classified ourselves; cheap (no stack trace). */
  static final class Raised extends RuntimeException {
    final Failure failure;

    Raised(Failure failure) {
      super(failure.detail(), null, false, false);
      this.failure = failure;
    }
  }

  /** Throws {@code failure} as an exception, for use inside a stage. */
  static Raised raise(Failure failure) {
    return new Raised(failure);
  }
}
