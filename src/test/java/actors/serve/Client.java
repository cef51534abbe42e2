package actors.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

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

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.MAPPER.readTree(response.body());
  }
}
