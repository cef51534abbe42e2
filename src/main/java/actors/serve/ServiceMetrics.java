package actors.serve;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import actors.jobs.JobMetrics;
import actors.jobs.JobStatus;
import actors.pipeline.Outcome;
import actors.support.Stages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.function.Function;

/**
 * What {@code GET /metrics} shows, in Prometheus' text format (Micrometer's registry): requests by
 * route, method and status with a latency histogram ({@code http_server_requests_seconds}),
 * requests in flight, messages dropped to dead letters, and the JVM's memory, GC, threads and CPU.
 * Capabilities add their own meters to {@link #registry()} (the jobs: by status, bytes).
 *
 * <p>Meters are thread-safe by Micrometer's contract: the request wrapper updates them from Pekko
 * HTTP's threads, without going through an actor, because a metric must not cost a message per
 * request.
 */
final class ServiceMetrics implements AutoCloseable, JobMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Counter deadLetters;
  private final Counter dropped;
  private final AtomicInteger queuedJobs = new AtomicInteger();
  private final AtomicInteger runningJobs = new AtomicInteger();
  private final Counter downloadedBytes;

  ServiceMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("http.server.requests.in.flight", inFlight, AtomicInteger::get)
        .description("requests received and not yet answered")
        .register(registry);
    deadLetters =
        Counter.builder("actors.messages.dropped")
            .tag("reason", "dead-letter")
            .description("messages sent to an actor that had stopped")
            .register(registry);
    dropped =
        Counter.builder("actors.messages.dropped")
            .tag("reason", "dropped")
            .description("messages an actor dropped on purpose (a full mailbox or stash)")
            .register(registry);
    Gauge.builder("actors.jobs", queuedJobs, AtomicInteger::get)
        .tag("status", "queued")
        .description("jobs waiting for a slot, and running")
        .register(registry);
    Gauge.builder("actors.jobs", runningJobs, AtomicInteger::get)
        .tag("status", "running")
        .description("jobs waiting for a slot, and running")
        .register(registry);
    downloadedBytes =
        Counter.builder("actors.download.bytes")
            .baseUnit("bytes")
            .description("body bytes the jobs downloaded (ok lines)")
            .register(registry);
  }

  @Override
  public void line(Outcome outcome) {
    Counter.builder("actors.job.lines")
        .tag("status", outcome.status().json())
        .description("lines of jobs ended, by status")
        .register(registry)
        .increment();
    if (outcome.status() == Outcome.Status.OK) {
      downloadedBytes.increment(outcome.bytes());
    }
  }

  @Override
  public void ended(JobStatus status) {
    Counter.builder("actors.jobs.ended")
        .tag("status", status.json())
        .description("jobs ended, by status")
        .register(registry)
        .increment();
  }

  @Override
  public void slots(int queued, int running) {
    queuedJobs.set(queued);
    runningJobs.set(running);
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  void deadLetter() {
    deadLetters.increment();
  }

  void dropped() {
    dropped.increment();
  }

  /** {@code handler}, timed and counted by route, method and status. */
  Function<HttpRequest, CompletionStage<HttpResponse>> instrument(
      Function<HttpRequest, CompletionStage<HttpResponse>> handler) {
    return request -> {
      long start = System.nanoTime();
      inFlight.incrementAndGet();
      String route = RouteNames.of(request.getUri().path());
      String method = request.method().value();
      CompletionStage<HttpResponse> answer;
      try {
        answer = handler.apply(request);
      } catch (Exception | Error e) {
        inFlight.decrementAndGet();
        throw e;
      }
      return Stages.plain(answer)
          .whenComplete(
              (response, failure) -> {
                inFlight.decrementAndGet();
                String status =
                    response != null ? String.valueOf(response.status().intValue()) : "none";
                Timer.builder("http.server.requests")
                    .tags("route", route, "method", method, "status", status)
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
              });
    };
  }

  /** {@code GET /metrics}. */
  Route route() {
    return path(
        "metrics",
        () ->
            get(
                () ->
                    complete(
                        HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, registry.scrape()))));
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
