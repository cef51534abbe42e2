package actors.serve;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import actors.counter.Counter;
import actors.counter.CounterEntity;
import actors.support.EntityDirectory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST /counters/{name}/increment[?by=N]} and {@code GET /counters/{name}}: check the
 * request, ask the counter's entity (through the {@link EntityDirectory}), answer {@code
 * {"name":"c","value":V}}. An overflow the entity refused is a 409; no answer in time, a 503.
 */
final class CounterRoutes {

  /** The answer's body. */
  record CounterValue(String name, long value) {}

  static final long MAX_BY = 1_000_000_000L;

  private final ActorRef<EntityDirectory.Command<CounterEntity.Command>> counters;
  private final Duration timeout;
  private final Scheduler scheduler;

  CounterRoutes(
      ActorRef<EntityDirectory.Command<CounterEntity.Command>> counters,
      Duration timeout,
      Scheduler scheduler) {
    this.counters = counters;
    this.timeout = timeout;
    this.scheduler = scheduler;
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
                        pathEnd(() -> get(() -> value(name))))));
  }

  private Route increment(String name, Optional<String> by) {
    Names.check("name", name);
    long delta = by.map(CounterRoutes::parseBy).orElse(1L);
    CompletionStage<Long> value =
        AskPattern.askWithStatus(
            counters,
            replyTo ->
                new EntityDirectory.Deliver<>(name, new CounterEntity.Increment(delta, replyTo)),
            timeout,
            scheduler);
    return answer(
        name,
        ApiErrors.named(
            value,
            "increment of counter " + name,
            failure ->
                failure instanceof Counter.OverflowException
                    ? ApiException.conflict(failure.getMessage())
                    : failure));
  }

  private Route value(String name) {
    Names.check("name", name);
    CompletionStage<Long> value =
        AskPattern.ask(
            counters,
            replyTo -> new EntityDirectory.Deliver<>(name, new CounterEntity.Get(replyTo)),
            timeout,
            scheduler);
    return answer(name, ApiErrors.named(value, "read of counter " + name));
  }

  private static Route answer(String name, CompletionStage<Long> value) {
    return onSuccess(
        value, v -> complete(StatusCodes.OK, new CounterValue(name, v), Json.marshaller()));
  }

  private static long parseBy(String text) {
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
