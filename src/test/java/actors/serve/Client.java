package actors.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The tests' HTTP client for a service on 127.0.0.1: {@code java.net.http}, since Pekko's route
 * test kit needs a stream test kit this registry does not have for Pekko 1.7. Every request has a
 * deadline, so a server that hangs fails the test instead of stalling it.
 */
final class Client {

  static final Duration DEADLINE = Duration.ofSeconds(20);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;

  Client(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(DEADLINE);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return send(request(path).POST(BodyPublishers.noBody()).build());
  }

  HttpResponse<String> delete(String path) throws IOException, InterruptedException {
    return send(request(path).DELETE().build());
  }

  HttpResponse<String> put(String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .PUT(BodyPublishers.ofByteArray(body))
            .build());
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, BodyHandlers.ofString());
  }

  HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
    return http.send(request(path).GET().build(), BodyHandlers.ofByteArray());
  }

  CompletableFuture<HttpResponse<String>> postAsync(String path) {
    return http.sendAsync(
        request(path).POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());
  }

  /** One server-sent event: its type and its data as JSON. */
  record Event(String type, JsonNode data) {}

  /**
   * The events of {@code path} until the stream ends (the job's {@code end} event), at most {@link
   * #DEADLINE} of them in time.
   */
  List<Event> events(String path) throws Exception {
    return eventsUntil(path, event -> false);
  }

  /** The events of {@code path} up to the first that {@code stop} accepts, or the stream's end. */
  List<Event> eventsUntil(String path, java.util.function.Predicate<Event> stop) throws Exception {
    return eventsUntil(path, stop, DEADLINE);
  }

  /** As {@link #eventsUntil(String, java.util.function.Predicate)}, all within {@code deadline}. */
  List<Event> eventsUntil(String path, java.util.function.Predicate<Event> stop, Duration deadline)
      throws Exception {
    HttpResponse<Stream<String>> response =
        http.send(request(path).GET().build(), BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      throw new AssertionError("events of " + path + ": " + response.statusCode());
    }
    CompletableFuture<List<Event>> read =
        CompletableFuture.supplyAsync(
            () -> {
              List<Event> events = new ArrayList<>();
              String type = "message";
              String data = null;
              // Fields until a blank line make one event, in any order.
              for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.startsWith("event:")) {
                  type = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:")) {
                  data = line.substring("data:".length());
                } else if (line.isEmpty() && data != null) {
                  Event event;
                  try {
                    event = new Event(type, Json.MAPPER.readTree(data));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  events.add(event);
                  if (stop.test(event)) {
                    break;
                  }
                  type = "message";
                  data = null;
                }
              }
              return events;
            });
    try {
      return read.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      response.body().close();
    }
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.MAPPER.readTree(response.body());
  }
}
