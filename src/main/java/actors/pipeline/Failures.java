package actors.pipeline;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.IOOperationIncompleteException;
import org.apache.pekko.stream.StreamIdleTimeoutException;

/**
 * Why an attempt failed, in the manifest's short words, and whether trying again can help.
 *
 * <p>Retried: what can succeed later (connect errors, resets, timeouts, truncated bodies, and the
 * statuses 408, 429, 500, 502, 503, 504). Never retried: other 4xx, bodies over the size limit,
 * redirect loops, local write errors, cancellation.
 */
final class Failures {

  private Failures() {}

  private static final Set<Integer> RETRYABLE_STATUS = Set.of(408, 429, 500, 502, 503, 504);

  /** The classified failure: a short reason, whether to retry, and what the server said. */
  record Reason(String code, boolean retryable, Integer httpStatus, Optional<Duration> retryAfter) {
    boolean cancelled() {
      return code.equals("cancelled");
    }
  }

  /** A response whose status is not 2xx. */
  static final class HttpStatusException extends RuntimeException {
    final int status;
    final Optional<Duration> retryAfter;

    HttpStatusException(int status, Optional<Duration> retryAfter) {
      super("HTTP " + status, null, false, false);
      this.status = status;
      this.retryAfter = retryAfter;
    }
  }

  /** A redirect chain that loops or is too long. */
  static final class RedirectException extends RuntimeException {
    final String code;
    final int status;

    RedirectException(String code, int status, String message) {
      super(message, null, false, false);
      this.code = code;
      this.status = status;
    }
  }

  /** A body over the size limit, found before any of it was written. */
  static final class TooLargeException extends RuntimeException {
    TooLargeException(long limit, long size) {
      super("body of " + size + " bytes is over the limit of " + limit, null, false, false);
    }
  }

  /** Fewer body bytes than the response's Content-Length announced. */
  static final class TruncatedException extends RuntimeException {
    TruncatedException(long expected, long received) {
      super("body truncated: " + received + " of " + expected + " bytes", null, false, false);
    }
  }

  /** A 2xx response whose body then failed: keeps the status for the manifest. */
  static final class BodyFailed extends RuntimeException {
    final int status;

    BodyFailed(int status, Throwable cause) {
      super(cause.getMessage(), cause, false, false);
      this.status = status;
    }
  }

  /** The run was cancelled: by the deadline, a signal, or the API. */
  static final class CancelledException extends RuntimeException {
    CancelledException(String reason) {
      super("cancelled: " + reason, null, false, false);
    }
  }

  static Reason classify(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof HttpStatusException status) {
      return new Reason(
          "http-" + status.status,
          RETRYABLE_STATUS.contains(status.status),
          status.status,
          status.retryAfter);
    }
    if (e instanceof CancelledException) {
      return reason("cancelled", false);
    }
    if (e instanceof RedirectException redirect) {
      return new Reason(redirect.code, false, redirect.status, Optional.empty());
    }
    if (e instanceof EntityStreamSizeException || e instanceof TooLargeException) {
      return reason("too-large", false);
    }
    if (e instanceof TruncatedException) {
      return reason("truncated", true);
    }
    if (e instanceof StreamIdleTimeoutException) {
      return reason("idle-timeout", true);
    }
    if (e instanceof TimeoutException) {
      return reason("timeout", true);
    }
    if (e instanceof EntityStreamException) {
      return reason("truncated", true);
    }
    String text = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (text.contains("reset")
        || text.contains("closed the connection")
        || text.contains("closed unexpectedly")) {
      return reason("connection-reset", true);
    }
    // After the reset check: a reset while connecting also names the Connect command.
    if (text.contains("connection refused") || text.contains("connect(")) {
      return reason("connect-failed", true);
    }
    if (e instanceof java.nio.file.FileSystemException || e instanceof java.io.IOException) {
      return reason("write-failed", false);
    }
    return reason("error: " + e.getClass().getSimpleName(), false);
  }

  private static Reason reason(String code, boolean retryable) {
    return new Reason(code, retryable, null, Optional.empty());
  }

  static Throwable unwrap(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof CompletionException
            || e instanceof java.util.concurrent.ExecutionException
            || e instanceof IOOperationIncompleteException
            || e instanceof BodyFailed)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
