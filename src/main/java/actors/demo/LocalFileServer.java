package actors.demo;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.pattern.Patterns;

/**
 * An embedded Pekko HTTP server on 127.0.0.1 and a free port, serving generated files, so the
 * pipeline can be shown without the internet: {@code /files/NAME?size=BYTES&delay=MS} answers after
 * MS milliseconds with BYTES pseudo-random bytes (the same for the same NAME).
 */
public final class LocalFileServer implements AutoCloseable {

  private final ServerBinding binding;

  private LocalFileServer(ServerBinding binding) {
    this.binding = binding;
  }

  /** Binds the server; completes once it accepts connections. */
  public static CompletionStage<LocalFileServer> start(ActorSystem<?> system) {
    return Http.get(Adapter.toClassic(system))
        .newServerAt("127.0.0.1", 0)
        .bind(
            (org.apache.pekko.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>>)
                request -> handle(system, request))
        .thenApply(binding -> new LocalFileServer(binding));
  }

  /** The URL of a file of {@code size} bytes answered after {@code delay}. */
  public String url(String name, int size, Duration delay) {
    return "http://127.0.0.1:"
        + binding.localAddress().getPort()
        + "/files/"
        + name
        + "?size="
        + size
        + "&delay="
        + delay.toMillis();
  }

  private static CompletionStage<HttpResponse> handle(ActorSystem<?> system, HttpRequest request) {
    String[] path = request.getUri().path().split("/");
    if (path.length != 3 || !path[1].equals("files")) {
      return CompletableFuture.completedFuture(
          HttpResponse.create().withStatus(StatusCodes.NOT_FOUND));
    }
    int size = request.getUri().query().get("size").map(Integer::parseInt).orElse(4096);
    long delay = request.getUri().query().get("delay").map(Long::parseLong).orElse(0L);
    byte[] body = new byte[size];
    new Random(path[2].hashCode()).nextBytes(body);
    HttpResponse response =
        HttpResponse.create()
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, body));
    if (delay == 0) {
      return CompletableFuture.completedFuture(response);
    }
    return Patterns.after(
        Duration.ofMillis(delay),
        system.classicSystem().scheduler(),
        system.executionContext(),
        () -> CompletableFuture.completedFuture(response));
  }

  @Override
  public void close() {
    binding.terminate(Duration.ofSeconds(1));
  }
}
