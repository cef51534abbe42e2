package actors.pipeline;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalResponseException;
import org.apache.pekko.http.scaladsl.model.ParsingException;
import org.apache.pekko.stream.AbruptStageTerminationException;
import org.apache.pekko.stream.AbruptTerminationException;
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

  /** An exception type and what it means, tried in order: a subtype before its supertype. */
  private record Rule(Class<? extends Throwable> type, ErrorCode code) {}

  /** The failure itself: ours (the stream's, the HTTP client's). */
  private static final List<Rule> BY_TYPE =
      List.of(
          new Rule(EntityStreamSizeException.class, ErrorCode.TOO_LARGE),
          new Rule(StreamIdleTimeoutException.class, ErrorCode.IDLE_TIMEOUT), // a TimeoutException
          new Rule(TimeoutException.class, ErrorCode.TIMEOUT),
          new Rule(EntityStreamException.class, ErrorCode.TRUNCATED),
          new Rule(IllegalResponseException.class, ErrorCode.BAD_RESPONSE),
          new Rule(ParsingException.class, ErrorCode.BAD_RESPONSE),
          // The actor system is shutting down under the stream (a signal's deadline has passed).
          new Rule(AbruptStageTerminationException.class, ErrorCode.CANCELLED),
          new Rule(AbruptTerminationException.class, ErrorCode.CANCELLED));

  /** The JDK exceptions a client failure wraps, whose type says what happened. */
  private static final List<Rule> BY_CAUSE =
      List.of(
          new Rule(SSLException.class, ErrorCode.TLS),
          new Rule(UnknownHostException.class, ErrorCode.UNKNOWN_HOST),
          new Rule(ConnectException.class, ErrorCode.CONNECT_FAILED),
          new Rule(NoRouteToHostException.class, ErrorCode.CONNECT_FAILED));

  static Failure classify(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof Failure.Raised raised) {
      return raised.failure;
    }
    for (Rule rule : BY_TYPE) {
      if (rule.type().isInstance(e)) {
        return Failure.of(rule.code(), e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    // Pekko HTTP's proxy transport, when the proxy answers CONNECT with anything but 200: its
    // class is internal (impl), so it is told by name.
    if (e.getClass().getSimpleName().equals("ProxyConnectionFailedException")) {
      return Failure.of(ErrorCode.PROXY_REFUSED, String.valueOf(e.getMessage()));
    }
    for (Throwable cause = e;
        cause != null;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      for (Rule rule : BY_CAUSE) {
        if (rule.type().isInstance(cause)) {
          return Failure.of(rule.code(), cause.toString());
        }
      }
    }
    return byMessage(e);
  }

  /** What is left: the client's TCP and connection errors, told apart only by their text. */
  private static Failure byMessage(Throwable e) {
    String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    String detail = e.getClass().getName() + ": " + e.getMessage();
    if (text.contains("reset")
        || text.contains("closed the connection")
        || text.contains("closed unexpectedly")
        || text.contains("connection was closed")
        // Pekko's pool, when the server closes a kept-alive connection under a request.
        || text.contains("connection was shutdown")
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
