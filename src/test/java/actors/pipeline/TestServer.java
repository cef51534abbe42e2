// One file of some 360 lines on purpose: every fault the downloader meets is a route of one
// server, so that a test names the fault in its URL and the server counts what it was asked.
package actors.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A local HTTP server for the pipeline's tests, on 127.0.0.1 and an ephemeral port, with a route
 * for every fault the downloader must handle. It counts requests in flight (to check the
 * parallelism bound) and the attempts per path. Test code: plain concurrent counters are fine here.
 *
 * <ul>
 *   <li>{@code /files/NAME?size=N&delay=MS}: N deterministic bytes (by NAME), after MS ms
 *   <li>{@code /status/CODE}: that status, empty body
 *   <li>{@code /flaky/ID?fail=N&code=C}: the first N requests for ID get C, then a body
 *   <li>{@code /retry-after/ID?seconds=S}: first 503 with {@code Retry-After: S}, then a body
 *   <li>{@code /redirect/N}: 302 to {@code /redirect/N-1}; {@code /redirect/0} is a body
 *   <li>{@code /loop/a} and {@code /loop/b}: redirect to each other
 *   <li>{@code /bad-location}: 302 with a {@code Location} no URI parser accepts
 *   <li>{@code /hang}: never answers (the server's own request timeout is far away)
 *   <li>{@code /stall}: sends 100 bytes of a 1000-byte body, then nothing
 *   <li>{@code /truncated}: announces 1000 bytes, sends 500, drops the connection
 *   <li>{@code /auth/NAME}: 401 unless the request has basic auth {@link #USER}:{@link #PASSWORD},
 *       then a body
 *   <li>{@code /ranged/NAME?size=N&reset=K}: ranges, validators, a first body cut after K bytes
 *       ({@link #ranged})
 *   <li>{@code /disposition/NAME?cd=VALUE}: a body with {@code Content-Disposition: VALUE}
 *   <li>{@code /echo/NAME}: the request's headers as the body, a {@code name: value} line each
 *   <li>{@code /versioned/NAME}: {@code NAME version V} with an {@code ETag} and a {@code
 *       Last-Modified} of version V ({@link #version}, 1 at first); 304 to an {@code If-None-Match}
 *       of the current one. {@code /versioned/dated...}: no {@code ETag}, and 304 to an {@code
 *       If-Modified-Since} equal to the current {@code Last-Modified}
 *   <li>anything else: 200 with the path as body (for hostile paths)
 * </ul>
 */
public final class TestServer implements AutoCloseable {

  /** The credentials {@code /auth/NAME} accepts. */
  public static final String USER = "tester";

  public static final String PASSWORD = "s3cret";

  /** Requests whose response head is not sent yet (a streaming body is not counted). */
  public final AtomicInteger inFlight = new AtomicInteger();

  final AtomicInteger maxInFlight = new AtomicInteger();
  final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  final Map<String, Long> firstRequestNanos = new ConcurrentHashMap<>();
  final Map<String, Long> lastRequestNanos = new ConcurrentHashMap<>();

  final Map<String, Integer> versions = new ConcurrentHashMap<>();

  /** The headers of the last request for each path, {@code name: value} lines, names lower case. */
  final Map<String, String> lastHeaders = new ConcurrentHashMap<>();

  private final ActorSystem<?> system;
  private final ServerBinding binding;

  /** A server on 127.0.0.1 and a free port, until {@link #close}. */
  public static TestServer start(ActorSystem<?> system) {
    return start(system, null);
  }

  /** The same routes over https, with {@code certificate}'s key ({@link SelfSigned}). */
  public static TestServer startTls(ActorSystem<?> system, SelfSigned certificate) {
    return start(system, certificate);
  }

  private static TestServer start(ActorSystem<?> system, SelfSigned certificate) {
    try {
      return new TestServer(system, certificate);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test server", e);
    }
  }

  private final String scheme;

  private TestServer(ActorSystem<?> system, SelfSigned certificate) throws Exception {
    this.system = system;
    var server = Http.get(Adapter.toClassic(system)).newServerAt("127.0.0.1", 0);
    if (certificate != null) {
      server = server.enableHttps(ConnectionContext.httpsServer(certificate.serverContext()));
    }
    this.scheme = certificate == null ? "http" : "https";
    this.binding = server.bind(this::handle).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The URL of {@code pathAndQuery} on this server. */
  public String url(String pathAndQuery) {
    return scheme + "://127.0.0.1:" + binding.localAddress().getPort() + pathAndQuery;
  }

  /** {@code /versioned/NAME} serves version {@code v} from now on. */
  public void version(String name, int v) {
    versions.put(name, v);
  }

  /** The headers of the last request for {@code path}, {@code name: value} lines ("" if none). */
  public String lastHeadersOf(String path) {
    return lastHeaders.getOrDefault(path, "");
  }

  /** Requests received for {@code path} (without query), so far. */
  public int requestsTo(String path) {
    return requests.getOrDefault(path, new AtomicInteger()).get();
  }

  /** The bytes {@code /files/NAME?size=N} serves. */
  public static byte[] content(String name, int size) {
    byte[] bytes = new byte[size];
    new Random(name.hashCode()).nextBytes(bytes);
    return bytes;
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request) {
    String path = request.getUri().path();
    int count = requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    long now = System.nanoTime();
    firstRequestNanos.putIfAbsent(path, now);
    lastRequestNanos.put(path, now);
    StringBuilder heads = new StringBuilder();
    request
        .getHeaders()
        .forEach(h -> heads.append(h.lowercaseName()).append(": ").append(h.value()).append('\n'));
    lastHeaders.put(path, heads.toString());
    int current = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(current, Math::max);
    CompletionStage<HttpResponse> response = respond(request, path, count);
    return response.whenComplete((r, e) -> inFlight.decrementAndGet());
  }

  private CompletionStage<HttpResponse> respond(HttpRequest request, String path, int count) {
    String[] parts = path.split("/");
    String kind = parts.length > 1 ? parts[1] : "";
    switch (kind) {
      case "files" -> {
        int size = intParam(request, "size", 1024);
        int delay = intParam(request, "delay", 0);
        HttpResponse ok =
            HttpResponse.create()
                .withEntity(
                    HttpEntities.create(
                        ContentTypes.APPLICATION_OCTET_STREAM, content(parts[2], size)));
        return delay == 0 ? done(ok) : later(Duration.ofMillis(delay), ok);
      }
      case "status" -> {
        return done(HttpResponse.create().withStatus(Integer.parseInt(parts[2])));
      }
      case "flaky" -> {
        int fail = intParam(request, "fail", 1);
        int code = intParam(request, "code", 503);
        return done(
            count <= fail
                ? HttpResponse.create().withStatus(code)
                : HttpResponse.create().withEntity("recovered " + parts[2]));
      }
      case "retry-after" -> {
        int seconds = intParam(request, "seconds", 1);
        return done(
            count == 1
                ? HttpResponse.create()
                    .withStatus(StatusCodes.SERVICE_UNAVAILABLE)
                    .addHeader(RawHeader.create("Retry-After", Integer.toString(seconds)))
                : HttpResponse.create().withEntity("finally"));
      }
      case "redirect" -> {
        int left = Integer.parseInt(parts[2]);
        return done(
            left == 0
                ? HttpResponse.create().withEntity("arrived")
                : redirect("/redirect/" + (left - 1)));
      }
      case "bad-location" -> {
        return done(
            HttpResponse.create()
                .withStatus(StatusCodes.FOUND)
                .addHeader(RawHeader.create("Location", "http://[not a uri")));
      }
      case "loop" -> {
        return done(redirect(parts[2].equals("a") ? "/loop/b" : "/loop/a"));
      }
      case "auth" -> {
        String expected =
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(
                        (USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        boolean authorized =
            request
                .getHeader("Authorization")
                .map(header -> header.value().equals(expected))
                .orElse(false);
        return done(
            authorized
                ? HttpResponse.create().withEntity("welcome " + parts[2])
                : HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED));
      }
      case "hang" -> {
        return new CompletableFuture<>();
      }
      case "stall" -> {
        Source<ByteString, ?> body =
            Source.single(ByteString.fromArray(new byte[100])).concat(Source.never());
        return done(
            HttpResponse.create()
                .withEntity(
                    HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, 1000, body)));
      }
      case "truncated" -> {
        Source<ByteString, ?> body =
            Source.single(ByteString.fromArray(new byte[500]))
                .concat(Source.failed(new IllegalStateException("connection dropped on purpose")));
        return done(
            HttpResponse.create()
                .withEntity(
                    HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, 1000, body)));
      }
      case "versioned" -> { // ETag and Last-Modified of the current version; 304 if unchanged
        int version = versions.getOrDefault(parts[2], 1);
        String etag = "\"" + parts[2] + "-v" + version + "\"";
        var http = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
        var time =
            java.time.ZonedDateTime.of(2026, 1, version, 12, 0, 0, 0, java.time.ZoneOffset.UTC);
        String modified = http.format(time);
        boolean etags = !parts[2].startsWith("dated");
        boolean unchanged =
            etags
                ? request.getHeader("If-None-Match").map(h -> h.value().equals(etag)).orElse(false)
                : request
                    .getHeader("If-Modified-Since")
                    .map(h -> !java.time.ZonedDateTime.parse(h.value(), http).isBefore(time))
                    .orElse(false);
        HttpResponse response =
            unchanged
                ? HttpResponse.create().withStatus(StatusCodes.NOT_MODIFIED)
                : HttpResponse.create().withEntity(parts[2] + " version " + version);
        response = response.addHeader(RawHeader.create("Last-Modified", modified));
        return done(etags ? response.addHeader(RawHeader.create("ETag", etag)) : response);
      }
      case "disposition" -> { // ?cd=VALUE: that Content-Disposition (raw), and a body
        String value = request.getUri().query().get("cd").orElse("attachment");
        return done(
            HttpResponse.create()
                .withEntity("disposed " + parts[2])
                .addHeader(RawHeader.create("Content-Disposition", value)));
      }
      case "ranged" -> {
        return done(ranged(request, parts[2], count));
      }
      case "echo" -> { // the request's headers, one "name: value" line each, names lower case
        StringBuilder heads = new StringBuilder();
        for (var header : request.getHeaders()) {
          heads.append(header.lowercaseName()).append(": ").append(header.value()).append('\n');
        }
        return done(HttpResponse.create().withEntity(heads.toString()));
      }
      default -> {
        return done(HttpResponse.create().withEntity(path));
      }
    }
  }

  /**
   * {@code /ranged/NAME?size=N}: N bytes of version V of NAME ({@link #version}), with {@code
   * Accept-Ranges: bytes} and an {@code ETag} of that version (none with {@code validators=no});
   * {@code Range: bytes=S-} gets a 206 from S, unless an {@code If-Range} names another version
   * (then the whole new body, 200). The first request is cut after {@code reset=K} bytes (the
   * connection drops), or stalls after {@code stall=K} bytes.
   */
  private HttpResponse ranged(HttpRequest request, String name, int count) {
    int size = intParam(request, "size", 100_000);
    int version = versions.getOrDefault(name, 1);
    byte[] body = content(name + "-v" + version, size);
    String etag = "\"" + name + "-v" + version + "\"";
    boolean validators = !request.getUri().query().get("validators").orElse("").equals("no");
    int from = 0;
    var range = request.getHeader("Range").map(h -> h.value());
    // ?ignoreIfRange=1: ranges honoured whatever If-Range says, as some object stores do.
    boolean sameVersion =
        request.getUri().query().get("ignoreIfRange").isPresent()
            || request.getHeader("If-Range").map(h -> h.value().equals(etag)).orElse(true);
    if (request.getHeader("Range").isPresent()
        && request.getUri().query().get("notModified").isPresent()) { // a 304 to a range: a bug
      return HttpResponse.create().withStatus(StatusCodes.NOT_MODIFIED);
    }
    if (range.isPresent() && range.get().matches("bytes=\\d+-") && sameVersion) {
      from = Integer.parseInt(range.get().substring(6, range.get().length() - 1));
    }
    byte[] sent = java.util.Arrays.copyOfRange(body, from, size);
    Source<ByteString, ?> bytes = Source.single(ByteString.fromArray(sent));
    int reset = intParam(request, "reset", -1);
    int stall = intParam(request, "stall", -1);
    if (count == 1 && reset >= 0) {
      bytes =
          Source.single(ByteString.fromArray(sent, 0, reset))
              // A second later: the K bytes have reached the client before the connection drops.
              .concat(
                  Source.completionStage(
                      Patterns.after(
                          Duration.ofSeconds(1),
                          system.classicSystem().scheduler(),
                          system.executionContext(),
                          () ->
                              CompletableFuture.<ByteString>failedFuture(
                                  new IllegalStateException("reset on purpose")))));
    } else if (count == 1 && stall >= 0) {
      bytes = Source.single(ByteString.fromArray(sent, 0, stall)).concat(Source.never());
    }
    HttpResponse response =
        HttpResponse.create()
            .withEntity(
                HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, sent.length, bytes))
            .addHeader(RawHeader.create("Accept-Ranges", "bytes"));
    if (from > 0) {
      int said = from + intParam(request, "lie", 0); // ?lie=N: a Content-Range N bytes off
      response =
          response
              .withStatus(StatusCodes.PARTIAL_CONTENT)
              .addHeader(
                  RawHeader.create(
                      "Content-Range", "bytes " + said + "-" + (size - 1) + "/" + size));
    }
    return validators ? response.addHeader(RawHeader.create("ETag", etag)) : response;
  }

  private static HttpResponse redirect(String to) {
    return HttpResponse.create().withStatus(StatusCodes.FOUND).addHeader(Location.create(to));
  }

  private static int intParam(HttpRequest request, String name, int fallback) {
    return request.getUri().query().get(name).map(Integer::parseInt).orElse(fallback);
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }

  private CompletionStage<HttpResponse> later(Duration delay, HttpResponse response) {
    return Patterns.after(
        delay, system.classicSystem().scheduler(), system.executionContext(), () -> done(response));
  }

  @Override
  public void close() throws Exception {
    binding.terminate(Duration.ofSeconds(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
