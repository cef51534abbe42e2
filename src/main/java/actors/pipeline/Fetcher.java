package actors.pipeline;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;

/**
 * One download attempt: the request ({@link HttpAttempt}), then the body ({@link BodyWriter}), the
 * two together within the attempt's {@code timeout} and the run's {@link Cancellation}.
 *
 * <p>An attempt never fails its stage, whatever the server, the network or the disk do: the {@link
 * Attempt} says what happened, classified ({@link Failures}), and the debug log says why.
 */
final class Fetcher {

  /** What one attempt did: the body in place, or why not. */
  record Attempt(BodyWriter.Written written, Failure failure) {
    boolean ok() {
      return failure == null;
    }
  }

  private final HttpAttempt http;
  private final BodyWriter bodies;
  private final Cancellation cancellation;
  private final Duration timeout;
  private final Materializer materializer;

  Fetcher(
      ActorSystem<?> system,
      PipelineSettings settings,
      OutputDir output,
      Cancellation cancellation,
      RateLimit limit) {
    this.http = new HttpAttempt(system, settings, cancellation);
    this.materializer = Materializer.matFromSystem(system);
    this.bodies = new BodyWriter(system, settings, output, cancellation, limit);
    this.cancellation = cancellation;
    this.timeout = settings.timeout();
  }

  /**
   * Downloads {@code url} into {@code fileName}, if its body has the SHA-256 {@code sha256} (null:
   * any); the stage always completes normally.
   */
  CompletionStage<Attempt> fetch(
      RequestUrl url, String fileName, String sha256, Consumer<PipelineEvent.Received> progress) {
    long start = System.nanoTime();
    CompletableFuture<Attempt> attempt;
    try {
      CompletionStage<HttpResponse> sent = http.send(url);
      CompletableFuture<HttpResponse> response =
          cancellation.orCancelled(sent).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
      // A response that comes after the attempt gave up on it (cancel, timeout) is discarded:
      // left unread, it would cost the connection after Pekko's subscription timeout.
      response.whenComplete(
          (given, gaveUp) -> {
            if (gaveUp != null) {
              sent.thenAccept(late -> late.discardEntityBytes(materializer));
            }
          });
      attempt =
          response
              .thenCompose(
                  head ->
                      bodies.write(
                          head,
                          fileName,
                          sha256,
                          timeout.minusNanos(System.nanoTime() - start),
                          progress))
              .thenApply(written -> new Attempt(written, null));
    } catch (RuntimeException thrownBeforeAnyStage) {
      attempt = CompletableFuture.failedFuture(thrownBeforeAnyStage);
    }
    return attempt.exceptionally(failure -> failed(url, failure));
  }

  private static Attempt failed(RequestUrl url, Throwable failure) {
    Failure reason = Failures.classify(failure);
    if (reason.code() == ErrorCode.INTERNAL_ERROR) {
      Trace.bug(
          url.display(), "an attempt failed in a way nobody expected: " + reason.detail(), failure);
    } else {
      Trace.debug(url.display(), "attempt failed: {} ({})", reason.text(), reason.detail());
    }
    return new Attempt(null, reason);
  }
}
