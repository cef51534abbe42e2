package actors.serve;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Where the service is in its life, for {@code GET /health/alive} and {@code /health/ready}: a load
 * balancer or Kubernetes sends traffic only while ready, and restarts the process only when it is
 * not alive. Starting (the database being opened, jobs being recovered) and stopping (after
 * SIGTERM, while requests in flight finish) are alive but not ready.
 *
 * <p>A single atomic reference, read by every health request and written three times in the
 * service's life: the start, the end of start, the start of a shutdown. Not an actor, because a
 * health check must answer even when the actors are too busy to.
 */
final class Readiness {

  enum Phase {
    STARTING,
    READY,
    STOPPING
  }

  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);

  Phase phase() {
    return phase.get();
  }

  void ready() {
    phase.compareAndSet(Phase.STARTING, Phase.READY);
  }

  void stopping() {
    phase.set(Phase.STOPPING);
  }

  Route route() {
    return pathPrefix(
        "health",
        () ->
            concat(
                path("alive", () -> get(() -> answer(true))),
                path("ready", () -> get(() -> answer(phase() == Phase.READY)))));
  }

  private Route answer(boolean ok) {
    String status = phase().name().toLowerCase(java.util.Locale.ROOT);
    return ok
        ? complete(StatusCodes.OK, Map.of("status", status), Json.marshaller())
        : complete(
            StatusCodes.SERVICE_UNAVAILABLE,
            Map.of("error", "not ready: " + status, "status", status),
            Json.marshaller());
  }
}
