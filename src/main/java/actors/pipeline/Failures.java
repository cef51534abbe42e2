package actors.pipeline;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalResponseException;
import org.apache.pekko.http.scaladsl.model.ParsingException;
import org.apache.pekko.stream.IOOperationIncompleteException;
import org.apache.pekko.stream.StreamIdleTimeoutException;
import org.apache.pekko.stream.StreamTcpException;

/**
 * Turns whatever an attempt failed with into a {@link Failure}: first by exception type (ours, the
 * stream's, the HTTP client's, then the JDK causes inside them: TLS, DNS, connect), and only for
 * the client's TCP errors, which come as one type, by their message.
 */
final class Failures {

  private Failures() {}

  static Failure classify(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof Failure.Raised raised) {
      return raised.failure;
    }
    if (e instanceof EntityStreamSizeException) {
      return Failure.of(ErrorCode.TOO_LARGE, e.getMessage());
    }
    if (e instanceof StreamIdleTimeoutException) { // before TimeoutException: it is one
      return Failure.of(ErrorCode.IDLE_TIMEOUT, e.getMessage());
    }
    if (e instanceof TimeoutException) {
      return Failure.of(ErrorCode.TIMEOUT, e.getMessage());
    }
    if (e instanceof EntityStreamException) {
      return Failure.of(ErrorCode.TRUNCATED, e.getMessage());
    }
    if (e instanceof IllegalResponseException || e instanceof ParsingException) {
      return Failure.of(ErrorCode.BAD_RESPONSE, e.getMessage());
    }
    Failure byCause = byCause(e);
    if (byCause != null) {
      return byCause;
    }
    return byMessage(e);
  }

  /** The JDK exceptions a client failure wraps, whose type says what happened. */
  private static Failure byCause(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SSLException) {
        return Failure.of(ErrorCode.TLS, c.toString());
      }
      if (c instanceof UnknownHostException) {
        return Failure.of(ErrorCode.UNKNOWN_HOST, c.toString());
      }
      if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
        return Failure.of(ErrorCode.CONNECT_FAILED, c.toString());
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  /** What is left: the client's TCP and connection errors, told apart only by their text. */
  private static Failure byMessage(Throwable e) {
    String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    String detail = e.getClass().getName() + ": " + e.getMessage();
    if (text.contains("reset")
        || text.contains("closed the connection")
        || text.contains("closed unexpectedly")
        || text.contains("connection was closed")
        || text.contains("broken pipe")) {
      return Failure.of(ErrorCode.CONNECTION_RESET, detail);
    }
    // After the reset check: a reset while connecting also names the Connect command.
    if (text.contains("connection refused") || text.contains("connect(")) {
      return Failure.of(ErrorCode.CONNECT_FAILED, detail);
    }
    if (text.contains("ssl") || text.contains("tls") || text.contains("certificate")) {
      return Failure.of(ErrorCode.TLS, detail);
    }
    if (e instanceof StreamTcpException) {
      return Failure.of(ErrorCode.CONNECTION_RESET, detail);
    }
    return Failure.of(ErrorCode.INTERNAL_ERROR, detail);
  }

  /** The failure inside the wrappers that futures and streams put around it. */
  static Throwable unwrap(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof CompletionException
            || e instanceof ExecutionException
            || e instanceof IOOperationIncompleteException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
