package actors.serve;

import static org.apache.pekko.http.javadsl.server.Directives.complete;

import actors.support.Stages;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become answers. Every error the service sends is a JSON body {@code
 * {"error": "..."}} with details beside it: the routes' own refusals ({@link ApiException}), Pekko
 * HTTP's rejections (404 for an unknown path, 405 with {@code Allow}, 415, a malformed parameter),
 * a body over its limit (413), an actor that did not answer in time (503, naming the operation). A
 * failure nobody foresaw is a 500 with a line in the log, never a stack trace in the response.
 */
final class ApiErrors {

  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  /** Pekko's own rejection answers (status and headers kept), their text moved into JSON. */
  static RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(ApiErrors::asJson);
  }

  static ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(ApiException.class, e -> complete(e.status(), e.body(), Json.marshaller()))
        .match(
            EntityStreamSizeException.class,
            e ->
                complete(
                    StatusCodes.PAYLOAD_TOO_LARGE,
                    ApiException.tooLarge("the body", e.limit()).body(),
                    Json.marshaller()))
        .match(
            TimeoutException.class, // an ask's timeout is a 503 already: this is a body's read
            e ->
                complete(
                    StatusCodes.REQUEST_TIMEOUT,
                    Map.of("error", "the request body did not arrive in time: " + e.getMessage()),
                    Json.marshaller()))
        .match(
            IllegalRequestException.class,
            e -> complete(e.status(), Map.of("error", e.info().formatPretty()), Json.marshaller()))
        .matchAny(e -> complete(response(e)))
        .build();
  }

  /**
   * {@code stage}, with a timeout of the ask behind it turned into a 503 naming {@code operation},
   * and other failures passed through {@code translate} (an entity's refusal into its status).
   */
  static <T> CompletionStage<T> named(
      CompletionStage<T> stage, String operation, Function<Throwable, Throwable> translate) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    // Pekko's stages run plain callbacks on the JDK's async executor: a thread per callback on 2
    // cores (Stages). Taken into a plain future first, the callback runs where the ask completes.
    Stages.plain(stage)
        .whenComplete(
            (value, failure) -> {
              if (failure == null) {
                answer.complete(value);
                return;
              }
              Throwable cause = Stages.cause(failure);
              EntityStreamSizeException limit = sizeLimit(cause);
              answer.completeExceptionally(
                  cause instanceof TimeoutException
                      ? ApiException.unavailable(operation, operation + " got no answer in time")
                      : limit != null
                          ? ApiException.tooLarge("the body", limit.limit())
                          : translate.apply(cause));
            });
    return answer;
  }

  static <T> CompletionStage<T> named(CompletionStage<T> stage, String operation) {
    return named(stage, operation, Function.identity());
  }

  /**
   * {@code answer}, with a failure turned into the JSON error the routes would send: for answers
   * made outside the routing DSL ({@link HotPaths}). An {@link ApiException} is its own answer;
   * anything else is logged and answered 500, as {@link #exceptions} does.
   */
  static CompletionStage<HttpResponse> recover(CompletionStage<HttpResponse> answer) {
    return Stages.plain(answer).exceptionally(failure -> response(Stages.cause(failure)));
  }

  static HttpResponse response(Throwable failure) {
    ApiException refusal;
    if (failure instanceof ApiException api) {
      refusal = api;
    } else {
      log.error("a request failed unexpectedly: {}", failure.toString(), failure);
      refusal = ApiException.internal(failure);
    }
    try {
      return HttpResponse.create()
          .withStatus(refusal.status())
          .withEntity(
              HttpEntities.create(
                  ContentTypes.APPLICATION_JSON, Json.MAPPER.writeValueAsBytes(refusal.body())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // strings and numbers always serialize
    }
  }

  /**
   * The body-size failure behind {@code failure} (a file sink reports it as its cause), or null.
   */
  static EntityStreamSizeException sizeLimit(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EntityStreamSizeException limit) {
        return limit;
      }
    }
    return null;
  }

  private static HttpResponse asJson(HttpResponse response) {
    if (!(response.entity() instanceof HttpEntity.Strict strict)
        || !strict.getContentType().mediaType().isText()) {
      return response;
    }
    String text = strict.getData().decodeString(StandardCharsets.UTF_8);
    try {
      byte[] body = Json.MAPPER.writeValueAsBytes(Map.of("error", text));
      return response.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body));
    } catch (JsonProcessingException e) {
      return response; // a String always serializes
    }
  }
}
