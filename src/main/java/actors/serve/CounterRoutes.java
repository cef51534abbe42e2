package actors.serve;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import actors.counter.CounterEntity;
import actors.support.Entities;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * {@code POST /counters/{name}/increment[?by=N]} and {@code GET /counters/{name}}: check the
 * request, ask the counter's entity (through {@link Entities}: one process or a cluster), answer
 * {@code {"name":"c","value":V}}. An overflow the entity refused is a 409; no answer in time, a
 * 503.
 */
final class CounterRoutes {

  static final long MAX_BY = 1_000_000_000L;

  private final Entities<CounterEntity.Command> counters;
  private final Duration timeout;

  CounterRoutes(Entities<CounterEntity.Command> counters, Duration timeout) {
    this.counters = counters;
    this.timeout = timeout;
  }

  Route route() {
    return pathPrefix(
        "counters",
        () ->
            pathPrefix(
                PathMatchers.segment(),
                name ->
                    concat(
                        path(
                            "increment",
                            () -> post(() -> parameterOptional("by", by -> increment(name, by)))),
                        pathEnd(() -> get(() -> read(name))))));
  }

  private Route increment(String name, Optional<String> by) {
    Names.check("name", name);
    long delta = by.map(CounterRoutes::parseBy).orElse(1L);
    return onSuccess(increment(name, delta), Directives::complete);
  }

  private Route read(String name) {
    Names.check("name", name);
    return onSuccess(value(name), Directives::complete);
  }

  /** The increment's answer, or its failure as an {@link ApiException} (409, 503). */
  CompletionStage<HttpResponse> increment(String name, long delta) {
    CompletionStage<Long> value =
        counters.askWithStatus(
            name, replyTo -> new CounterEntity.Increment(delta, replyTo), timeout);
    return ApiErrors.named(
            value,
            "increment of counter " + name,
            failure ->
                // The one error a counter replies with (a refused overflow); as a plain message,
                // so that it crosses nodes.
                failure instanceof StatusReply.ErrorMessage
                    ? ApiException.conflict(failure.getMessage())
                    : failure)
        .thenApply(v -> answer(name, v));
  }

  /** The counter's value as the answer, or a 503. */
  CompletionStage<HttpResponse> value(String name) {
    CompletionStage<Long> value =
        counters.ask(name, replyTo -> new CounterEntity.Get(replyTo), timeout);
    return ApiErrors.named(value, "read of counter " + name).thenApply(v -> answer(name, v));
  }

  /**
   * {@code {"name":"c","value":V}}, written by hand: a name is unreserved characters only ({@link
   * Names}), so it needs no escaping, and this is the answer sent most.
   */
  static HttpResponse answer(String name, long value) {
    return HttpResponse.create()
        .withEntity(
            ContentTypes.APPLICATION_JSON, "{\"name\":\"" + name + "\",\"value\":" + value + "}");
  }

  /** {@code text} as an increment's {@code by}, or a 400. */
  static long parseBy(String text) {
    long by;
    try {
      by = Long.parseLong(text);
    } catch (NumberFormatException e) {
      by = 0;
    }
    if (by < 1 || by > MAX_BY) {
      throw ApiException.badRequest(
          "by",
          "by must be a whole number from 1 to 1000000000, not " + Json.quote(Json.shorten(text)));
    }
    return by;
  }
}
