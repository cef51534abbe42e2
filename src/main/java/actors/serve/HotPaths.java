package actors.serve;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Query;
import org.apache.pekko.japi.function.Function;

/**
 * The four requests a busy service gets most (an increment, a counter's value, a cache get and
 * put), matched by hand before the routing DSL, which then serves every other request. Why not the
 * routes alone: on this 2-core machine the Java routing DSL's directives, built and run per
 * request, cost about as much as the rest of the request (docs/BENCHMARKS.md, "Issue #12").
 *
 * <p>The same code answers either way: a fast match calls the routes' own asks and answer builders
 * ({@link CounterRoutes#increment}, {@link CacheRoutes#fetch}, ...), and failures become the same
 * JSON errors ({@link ApiErrors#response}). Anything unusual (a name outside the rule, a {@code by}
 * that is not a number in range, another query parameter, a body not yet fully read or over the
 * limit) is not matched here and goes to the routes, which say what is wrong.
 */
final class HotPaths {

  private static final String COUNTERS = "/counters/";
  private static final String INCREMENT = "/increment";
  private static final String CACHE = "/cache/";

  private final CounterRoutes counters;
  private final CacheRoutes cache;

  HotPaths(CounterRoutes counters, CacheRoutes cache) {
    this.counters = counters;
    this.cache = cache;
  }

  /** {@code routes}, with the hot requests answered first. */
  Function<HttpRequest, CompletionStage<HttpResponse>> before(
      Function<HttpRequest, CompletionStage<HttpResponse>> routes) {
    return request -> {
      CompletionStage<HttpResponse> fast = match(request);
      return fast != null ? ApiErrors.recover(fast) : routes.apply(request);
    };
  }

  /** The answer's stage when {@code request} is a hot one with nothing unusual; else null. */
  private CompletionStage<HttpResponse> match(HttpRequest request) {
    String path = request.getUri().path();
    if (path.startsWith(COUNTERS)) {
      if (request.method() == HttpMethods.POST && path.endsWith(INCREMENT)) {
        String name = name(path, COUNTERS.length(), path.length() - INCREMENT.length());
        long by = by(request.getUri().query());
        return name != null && by > 0 ? counters.increment(name, by) : null;
      }
      String name = name(path, COUNTERS.length(), path.length());
      return request.method() == HttpMethods.GET && name != null && noQuery(request)
          ? counters.value(name)
          : null;
    }
    if (path.startsWith(CACHE) && noQuery(request)) {
      String key = name(path, CACHE.length(), path.length());
      if (key == null) {
        return null;
      }
      if (request.method() == HttpMethods.GET) {
        return cache.fetch(key);
      }
      if (request.method() == HttpMethods.PUT
          && request.entity() instanceof HttpEntity.Strict strict
          && strict.getData().size() <= cache.maxValueBytes()) {
        return cache.save(key, strict);
      }
    }
    return null;
  }

  /** The segment between {@code from} and {@code to}, if it is a valid name; else null. */
  private static String name(String path, int from, int to) {
    if (to <= from) {
      return null;
    }
    String name = path.substring(from, to);
    return Names.valid(name) ? name : null;
  }

  /** 1 with no query, the {@code by} parameter when it is all there is and in range, else 0. */
  private static long by(Query query) {
    var parameters = query.toList();
    if (parameters.isEmpty()) {
      return 1;
    }
    if (parameters.size() != 1 || !parameters.get(0).first().equals("by")) {
      return 0;
    }
    try {
      return CounterRoutes.parseBy(parameters.get(0).second());
    } catch (ApiException outOfRange) {
      return 0; // the route answers it, with its 400
    }
  }

  private static boolean noQuery(HttpRequest request) {
    return request.getUri().rawQueryString().isEmpty();
  }
}
