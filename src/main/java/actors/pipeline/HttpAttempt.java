package actors.pipeline;

import actors.support.Stages;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.ClientTransport;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;

/**
 * The request half of an attempt: a GET through Pekko HTTP's host pool, redirects followed by hand
 * (the client follows none), up to the response whose body is to be downloaded.
 *
 * <p>The pool is sized to the pipeline's parallelism, with its own retries off: the pipeline owns
 * retries, or they would multiply. It was chosen over {@code java.net.http} by measurement
 * (docs/BENCHMARKS.md, "Finding 4").
 *
 * <p>Completes with a 2xx response (or a 304 to a conditional request, a 416 to a range) whose
 * entity is not consumed yet (the caller must consume or discard it). Every other ending fails the
 * stage with a {@link Failure}: a status that is not 2xx ({@code Retry-After} in seconds kept), a
 * redirect loop, too many redirects, a redirect to something that is not an http(s) URL; or with
 * the client's own exception (connect, TLS, reset). Basic-auth credentials go to the URL's own host
 * only, never to a host a redirect leads to.
 *
 * <p>What else a request carries, and how it gets there (headers, user agent, credentials, proxy,
 * trusted certificates), is the run's {@link RequestSettings}.
 */
final class HttpAttempt {

  private final Http http;
  private final Materializer materializer;
  private final ConnectionPoolSettings pool;
  private final ActorSystem<?> system;
  private final int maxRedirects;
  private final Cancellation cancellation;
  private final RequestSettings requests;
  private final Optional<HttpsConnectionContext> https; // empty: the client's default
  private final Optional<HttpHeader> userAgent;

  HttpAttempt(ActorSystem<?> system, PipelineSettings settings, Cancellation cancellation) {
    this.system = system;
    this.cancellation = cancellation;
    this.http = Http.get(Adapter.toClassic(system));
    this.materializer = Materializer.matFromSystem(system);
    this.maxRedirects = settings.maxRedirects();
    this.requests = settings.request();
    this.https = Tls.of(requests);
    this.userAgent = requests.userAgent().map(agent -> HttpHeader.parse("User-Agent", agent));
    ConnectionPoolSettings pool =
        ConnectionPoolSettings.create(Adapter.toClassic(system))
            .withMaxConnections(settings.parallelism())
            .withMaxOpenRequests(powerOfTwoAtLeast(settings.parallelism()))
            .withMaxRetries(0)
            .withConnectionSettings(
                ClientConnectionSettings.create(Adapter.toClassic(system))
                    .withConnectingTimeout(settings.connectTimeout())
                    .withIdleTimeout(settings.idleTimeout().plus(settings.timeout())));
    this.pool =
        requests
            .proxy()
            .map(proxy -> pool.withTransport(ClientTransport.httpsProxy(proxy)))
            .orElse(pool);
  }

  private static int powerOfTwoAtLeast(int n) {
    return Integer.highestOneBit(Math.max(1, n - 1)) << 1;
  }

  /**
   * The response to download {@code url} from, after its redirects, sent with {@code conditions}
   * ({@code If-None-Match}, {@code If-Modified-Since}): with any, a 304 is a response too.
   */
  CompletionStage<HttpResponse> send(RequestUrl url, List<HttpHeader> conditions) {
    Set<String> seen = new HashSet<>();
    seen.add(url.request().toString());
    return follow(url, conditions, url.request(), 0, seen);
  }

  private CompletionStage<HttpResponse> follow(
      RequestUrl url, List<HttpHeader> conditions, Uri target, int hops, Set<String> seen) {
    if (cancellation.isCancelled()) { // no request, not even the next hop, after a cancel
      throw Cancellation.cancelled("before requesting " + target);
    }
    CompletionStage<HttpResponse> response =
        Stages.plain(
            http.singleRequest(
                request(url, target).addHeaders(conditions),
                connectionContext(target),
                pool,
                system.classicSystem().log()));
    return response.thenCompose(r -> next(url, conditions, target, hops, seen, r));
  }

  /**
   * The https context for {@code target}: the run's, else the client's default, which the client
   * creates on first use. An http URL never needs one (the client ignores it), so a run of http
   * URLs never loads the JDK's trust store and TLS classes: 0.2 s of start-up (docs/BENCHMARKS.md,
   * "Issue #15").
   */
  private HttpsConnectionContext connectionContext(Uri target) {
    if (https.isPresent()) {
      return https.get();
    }
    return target.getScheme().equalsIgnoreCase("https") ? http.defaultClientHttpsContext() : HTTP;
  }

  /** Passed with an http URL, where the client asks for no context: it fails if ever used. */
  private static final HttpsConnectionContext HTTP =
      ConnectionContext.httpsClient(
          (host, port) -> {
            throw new IllegalStateException("no TLS for an http URL: " + host + ":" + port);
          });

  /**
   * The GET of {@code target}, a hop of {@code url}: the run's headers (its credentials and the
   * headers that carry them on the URL's own host only), then its user agent unless a header is
   * one.
   */
  private HttpRequest request(RequestUrl url, Uri target) {
    boolean ownHost = sameOrigin(url.request(), target);
    List<HttpHeader> headers = new ArrayList<>(requests.headers().size() + 2);
    for (HttpHeader header : requests.headers()) {
      if (ownHost || !PRIVATE.contains(header.lowercaseName())) {
        headers.add(header);
      }
    }
    if (ownHost && headers.stream().noneMatch(h -> h.is("authorization"))) {
      url.authorization()
          .or(() -> requests.credentials().authorization(url.request().getHost().address()))
          .ifPresent(value -> headers.add(RawHeader.create("Authorization", value)));
    }
    if (userAgent.isPresent() && headers.stream().noneMatch(h -> h.is("user-agent"))) {
      headers.add(userAgent.get());
    }
    return HttpRequest.create().withUri(target).addHeaders(headers);
  }

  /** Headers that go to the URL's own host only, never to where a redirect leads. */
  private static final Set<String> PRIVATE = Set.of("authorization", "cookie");

  private CompletionStage<HttpResponse> next(
      RequestUrl url,
      List<HttpHeader> conditions,
      Uri target,
      int hops,
      Set<String> seen,
      HttpResponse response) {
    int status = response.status().intValue();
    Optional<Location> location = response.getHeader(Location.class);
    if ((status >= 200 && status <= 299)
        || (status == 304 && !conditions.isEmpty())
        || (status == 416 && conditions.stream().anyMatch(h -> h.is("range")))) {
      return CompletableFuture.completedFuture(response);
    }
    response.discardEntityBytes(materializer);
    if (isRedirect(status) && location.isEmpty() && response.getHeader("Location").isPresent()) {
      throw Failure.raise( // there, but not a URI Pekko could read
          new Failure(
              ErrorCode.BAD_REDIRECT,
              status,
              Optional.empty(),
              "cannot follow a redirect to " + response.getHeader("Location").get().value()));
    }
    if (!isRedirect(status) || location.isEmpty()) {
      throw Failure.raise(Failure.status(status, retryAfter(response)));
    }
    Uri hop = resolve(target, location.get().getUri().toString(), status);
    if (!seen.add(hop.toString())) {
      throw Failure.raise(
          new Failure(
              ErrorCode.REDIRECT_LOOP, status, Optional.empty(), "redirect loop back to " + hop));
    }
    if (hops + 1 > maxRedirects) {
      throw Failure.raise(
          new Failure(
              ErrorCode.TOO_MANY_REDIRECTS,
              status,
              Optional.empty(),
              "more than " + maxRedirects + " redirects"));
    }
    return follow(url, conditions, hop, hops + 1, seen);
  }

  /** {@code location} resolved against the URL it came from, if it is an http(s) URL. */
  private static Uri resolve(Uri base, String location, int status) {
    try {
      URI next = URI.create(base.toString()).resolve(location).normalize();
      String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && next.getHost() != null) {
        return Uri.create(next.toASCIIString());
      }
    } catch (RuntimeException e) { // not a URL either parser accepts
      // fall through
    }
    throw Failure.raise(
        new Failure(
            ErrorCode.BAD_REDIRECT,
            status,
            Optional.empty(),
            "cannot follow a redirect to " + location));
  }

  private static boolean sameOrigin(Uri a, Uri b) {
    return a.getHost().address().equalsIgnoreCase(b.getHost().address())
        && a.getPort() == b.getPort()
        && a.getScheme().equalsIgnoreCase(b.getScheme());
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** Retry-After in seconds; the HTTP-date form is rare for downloads and ignored. */
  private static Optional<Duration> retryAfter(HttpResponse response) {
    return response
        .getHeader("Retry-After")
        .flatMap(
            header -> {
              try {
                long seconds = Long.parseLong(header.value().trim());
                return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }
}
