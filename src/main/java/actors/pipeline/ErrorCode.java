package actors.pipeline;

import java.util.Locale;

/**
 * Every reason a manifest line can give in its {@code error} field, and whether trying again can
 * help. The README lists the same set; each failure's detail goes to the debug log.
 *
 * <p>Retried: what can pass later (timeouts, connect errors, resets, truncated bodies, and the
 * statuses 408, 429, 500, 502, 503, 504). Never retried: other statuses, bodies over the limit,
 * redirect problems, TLS failures, a server that does not speak HTTP, local write errors, a
 * checksum mismatch (the server would send the same body again), cancellation. Lines that are not a
 * usable URL are {@code invalid}, with the line number.
 */
public enum ErrorCode {
  // An attempt failed (status failed, or cancelled).
  TIMEOUT(true),
  IDLE_TIMEOUT(true),
  CONNECT_FAILED(true),
  UNKNOWN_HOST(false),
  CONNECTION_RESET(true),
  TRUNCATED(true),
  TLS(false),
  /**
   * The proxy would not open a tunnel to the server ({@code --proxy}): its status is the detail.
   */
  PROXY_REFUSED(false),
  BAD_RESPONSE(false),
  /** Spelled {@code http-NNN} with the status; retried for 408, 429, 500, 502, 503, 504. */
  HTTP_STATUS(false),
  TOO_LARGE(false),
  /** The body's SHA-256 is not the one its line gave ({@code sha256=HEX}). */
  CHECKSUM_MISMATCH(false),
  REDIRECT_LOOP(false),
  TOO_MANY_REDIRECTS(false),
  BAD_REDIRECT(false),
  WRITE_FAILED(false),
  CANCELLED(false),
  /** A bug of ours: the detail is logged as an error. The run goes on. */
  INTERNAL_ERROR(false),

  // A line that never became a request (status invalid).
  MALFORMED_URL(false),
  UNSUPPORTED_SCHEME(false),
  NO_HOST(false),
  BAD_PORT(false),
  LINE_TOO_LONG(false),
  /** A {@code sha256=} after the URL that is not 64 hex digits. */
  BAD_CHECKSUM(false),
  NOT_UTF_8(false);

  private final boolean retryable;
  private final String text;

  ErrorCode(boolean retryable) {
    this.retryable = retryable;
    this.text = name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether another attempt can pass (for {@link #HTTP_STATUS}, see {@link Failure}). */
  boolean retryable() {
    return retryable;
  }

  /** The manifest spelling: {@code idle-timeout}, {@code not-utf-8}. */
  public String text() {
    return text;
  }
}
