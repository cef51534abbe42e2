package actors.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A URL's lifecycle at debug level (queued, started, attempt n, retry scheduled, done), each line
 * with the URL, password masked, in the logging context (MDC key {@code url}): {@code
 * ACTORS_LOG_LEVEL=DEBUG actors download ...} shows them.
 */
final class Trace {

  private static final Logger log = LoggerFactory.getLogger("actors.pipeline");

  private Trace() {}

  /** One lifecycle line about {@code url}. */
  static void debug(String url, String format, Object... args) {
    if (log.isDebugEnabled()) {
      try (MDC.MDCCloseable ignored = MDC.putCloseable("url", url)) {
        log.debug(format, args);
      }
    }
  }

  /**
   * Something that should not happen, a bug of ours, not the server's: one line at error level,
   * with the exception (its stack frames only with {@code ACTORS_LOG_STACK=full}: logback.xml).
   */
  static void bug(String url, String what, Throwable cause) {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("url", url)) {
      log.error("{} (the run goes on; please report this)", what, cause);
    }
  }
}
