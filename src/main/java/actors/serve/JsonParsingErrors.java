package actors.serve;

import java.util.Map;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * A request too malformed to reach the routes (a URI over 2048 characters, a header over its limit,
 * a request line that is not HTTP) answered in JSON like every other error, instead of Pekko HTTP's
 * plain text: {@code pekko.http.server.parsing.error-handler} in {@code serve.conf} names this
 * class. Logged as one warning line, as Pekko's own handler does.
 */
public final class JsonParsingErrors extends ParsingErrorHandler {

  @Override
  public HttpResponse handle(
      StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.warning("Illegal request, responding with status '{}': {}", status, info.summary());
    return ApiErrors.response(
        ApiException.of(status, info.summary(), Map.of("status", status.intValue())));
  }
}
