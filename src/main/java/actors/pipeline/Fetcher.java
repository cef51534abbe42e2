package actors.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
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
  private final OutputDir output;
  private final Executor blocking;

  Fetcher(
      ActorSystem<?> system,
      PipelineSettings settings,
      OutputDir output,
      Cancellation cancellation,
      RateLimit limit) {
    this.http = new HttpAttempt(system, settings, cancellation);
    this.output = output;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    this.materializer = Materializer.matFromSystem(system);
    this.bodies = new BodyWriter(system, settings, output, cancellation, limit);
    this.cancellation = cancellation;
    this.timeout = settings.timeout();
  }

  /**
   * Downloads {@code job}'s URL into its file, if its body has the SHA-256 the line gave; the stage
   * always completes normally. A job to revalidate asks conditionally, and a 304 is an attempt
   * whose {@link BodyWriter.Written} is the previous body, status 304. A body kept part-way by an
   * earlier attempt or run ({@code continuation}) is asked for from where it stopped.
   */
  CompletionStage<Attempt> fetch(
      Job job, Continuation continuation, Consumer<PipelineEvent.Received> progress) {
    if (!continuation.maybe()) {
      return attempt(job, Optional.empty(), continuation, progress);
    }
    return CompletableFuture.supplyAsync(
            () -> Partials.find(output, job.url().fileName(), job.url().display()), blocking)
        .thenCompose(partial -> attempt(job, partial, continuation, progress))
        .exceptionally(failure -> failed(job.url(), failure));
  }

  private CompletionStage<Attempt> attempt(
      Job job,
      Optional<Partials.Partial> partial,
      Continuation continuation,
      Consumer<PipelineEvent.Received> progress) {
    long start = System.nanoTime();
    RequestUrl url = job.url();
    List<HttpHeader> headers = new ArrayList<>(conditions(job.previous()));
    partial.ifPresent(
        p -> {
          headers.add(RawHeader.create("Range", "bytes=" + p.bytes() + "-"));
          headers.add(RawHeader.create("If-Range", p.description().ifRange().orElseThrow()));
          Trace.debug(url.display(), "continuing from byte {}", p.bytes());
        });
    CompletableFuture<Attempt> attempt;
    try {
      CompletionStage<HttpResponse> sent = http.send(url, headers);
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
          response.thenCompose(
              head -> {
                int status = head.status().intValue();
                if (status == 304 && job.previous() == null) { // asked for a range, not a check
                  head.discardEntityBytes(materializer);
                  partial.ifPresent(p -> Partials.forget(p.part()));
                  continuation.forgotten();
                  throw Failure.raise( // retried: the next attempt asks for the whole body
                      Failure.of(ErrorCode.TRUNCATED, "a 304 to a request for the rest of a body")
                          .withStatus(304));
                }
                if (status == 304) {
                  head.discardEntityBytes(materializer);
                  partial.ifPresent(p -> Partials.forget(p.part()));
                  Outcome was = job.previous();
                  return CompletableFuture.completedFuture(
                      new Attempt(
                          new BodyWriter.Written(
                              was.bytes(),
                              was.sha256(),
                              304,
                              was.etag(),
                              was.lastModified(),
                              was.file()),
                          null));
                }
                if (status == 416 && partial.isPresent()) { // the partial is no part of it now
                  head.discardEntityBytes(materializer);
                  Partials.forget(partial.get().part());
                  continuation.forgotten();
                  return attempt(job, Optional.empty(), continuation, progress);
                }
                return bodies
                    .write(
                        head,
                        job,
                        partial,
                        continuation,
                        timeout.minusNanos(System.nanoTime() - start),
                        progress)
                    .thenApply(written -> new Attempt(written, null));
              });
    } catch (RuntimeException thrownBeforeAnyStage) {
      attempt = CompletableFuture.failedFuture(thrownBeforeAnyStage);
    }
    return attempt.exceptionally(failure -> failed(url, failure));
  }

  /**
   * The conditional headers that revalidate {@code previous} (none if null): its ETag, its
   * Last-Modified, or the time its file was written (as {@code wget -N} uses the local file's).
   */
  private List<HttpHeader> conditions(Outcome previous) {
    if (previous == null) {
      return List.of();
    }
    List<HttpHeader> conditions = new ArrayList<>(2);
    if (previous.etag() != null) {
      conditions.add(RawHeader.create("If-None-Match", previous.etag()));
    }
    String since = previous.lastModified();
    if (since == null) {
      try {
        since =
            DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Files.getLastModifiedTime(output.dir().resolve(previous.file()))
                    .toInstant()
                    .atZone(ZoneOffset.UTC));
      } catch (IOException | RuntimeException gone) {
        return conditions; // the file went since the check: no date to ask with
      }
    }
    conditions.add(RawHeader.create("If-Modified-Since", since));
    return conditions;
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
