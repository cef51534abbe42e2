package actors.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The body half of an attempt: a 2xx response's body into its file. One path for every body: each
 * chunk is hashed (SHA-256) and written to a temporary file in the partial directory; the file is
 * moved into place (an atomic rename) only when the body is complete and as long as its {@code
 * Content-Length} said; on any failure the temporary file is deleted. Nothing of a failed body is
 * ever visible in the output directory.
 *
 * <p>A body Pekko HTTP already holds whole ({@code HttpEntity.Strict}, most small bodies) is
 * written in one task on the blocking executor, with no stream. A streamed body fails at {@code
 * maxBytes}, after {@code idleTimeout} without bytes, when the attempt's time is up, and on
 * cancellation. The whole body stream runs on the file-IO dispatcher, with no buffer before its
 * writer: one download holds the chunk being written and the HTTP client's own, about three chunks
 * of {@code pekko.io.tcp.direct-buffer-size} (see {@code application.conf}).
 */
final class BodyWriter {

  /**
   * A body in place: its length, its SHA-256 in hex, the status it came with, and the server's
   * validators for it ({@code ETag}, {@code Last-Modified}; null if not sent).
   */
  record Written(
      long bytes, String sha256, int httpStatus, String etag, String lastModified, String file) {}

  private final Materializer materializer;
  private final PipelineSettings settings;
  private final OutputDir output;
  private final Cancellation cancellation;
  private final Executor blocking;
  private final RateLimit limit;

  BodyWriter(
      ActorSystem<?> system,
      PipelineSettings settings,
      OutputDir output,
      Cancellation cancellation,
      RateLimit limit) {
    this.limit = limit;
    this.materializer = Materializer.matFromSystem(system);
    this.settings = settings;
    this.output = output;
    this.cancellation = cancellation;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
  }

  /**
   * Writes the body of {@code response} into {@code job}'s file, within {@code timeLeft}; a body
   * whose SHA-256 is not the one the line gave fails as {@code checksum-mismatch}, not kept. A 206
   * continues {@code partial}; a body that can be continued later is written so ({@link Partials}),
   * unless {@code continue} is off.
   */
  CompletionStage<Written> write(
      HttpResponse response,
      Job job,
      Optional<Partials.Partial> partial,
      Continuation continuation,
      Duration timeLeft,
      Consumer<PipelineEvent.Received> progress) {
    int status = response.status().intValue();
    String fileName = job.fileName();
    HttpEntity entity = response.entity();
    if (timeLeft.isNegative() || timeLeft.isZero()) {
      response.discardEntityBytes(materializer);
      throw Failure.raise(
          Failure.of(ErrorCode.TIMEOUT, "the attempt's time ran out before the body")
              .withStatus(status));
    }
    OptionalLong expected = entity.getContentLengthOption();
    BodyFile.Start start = new BodyFile.Fresh();
    String key = job.url().fileName(); // the hash name: one URL's alone, for its part files
    Path part = null; // a fresh one unless a kept partial is continued or may be
    long limitLeft = settings.maxBytes();
    if (status == 206) {
      long first = partial.map(Partials.Partial::bytes).orElse(-1L);
      OptionalLong total = ContentRanges.totalIfStartsAt(response, first);
      // A server that honours Range but ignores If-Range would glue a changed body's tail onto
      // the old bytes: the 206 must name the version the partial came from.
      if (partial.isEmpty() || total == null || !Partials.sameVersion(response, partial.get())) {
        response.discardEntityBytes(materializer);
        partial.ifPresent(p -> Partials.forget(p.part()));
        continuation.forgotten();
        throw Failure.raise( // retried: the next attempt asks for the whole body
            Failure.of(ErrorCode.TRUNCATED, "a 206 that does not continue the partial body")
                .withStatus(status));
      }
      start = new BodyFile.Continued(first);
      part = partial.get().part();
      expected = total.isPresent() ? total : plus(first, expected);
      limitLeft = Math.max(0, limitLeft - first);
    } else {
      // A strict body is whole in memory already: nothing of it can be cut off, nothing to keep.
      Optional<Partials.Description> keepable =
          settings.continuePartials() && !(entity instanceof HttpEntity.Strict)
              ? Partials.resumable(response, job.url().display())
              : Optional.empty();
      if (keepable.isPresent()) {
        start = new BodyFile.Keepable(keepable.get());
        part = Partials.part(output, key);
      } else if (partial.isPresent()) {
        Partials.forget(partial.get().part()); // the body changed and cannot be continued now
        continuation.forgotten();
      }
    }
    if (part == null) {
      part = output.partialDir().resolve(key + "." + freshSuffix() + ".part");
    }
    Placement placement =
        new Placement(
            output,
            settings.names(),
            fileName,
            response
                .getHeader("Content-Disposition")
                .flatMap(h -> FileNaming.fromContentDisposition(h.value())),
            job.url().fileName(),
            job.previous() == null ? null : job.previous().file());
    BodyFile file =
        new BodyFile(
            part,
            placement,
            expected,
            job.sha256(),
            new BodyFile.Head(
                status,
                response.getHeader("ETag").map(HttpHeader::value).orElse(null),
                response.getHeader("Last-Modified").map(HttpHeader::value).orElse(null)),
            start,
            continuation,
            progress);
    if (entity instanceof HttpEntity.Strict strict) {
      ByteString data = strict.getData();
      if (data.size() > limitLeft) {
        throw Failure.raise(
            Failure.of(
                    ErrorCode.TOO_LARGE,
                    "body of " + data.size() + " bytes is over the limit of " + settings.maxBytes())
                .withStatus(status));
      }
      if (cancellation.isCancelled()) {
        throw Failure.raise(
            Failure.of(ErrorCode.CANCELLED, "cancelled before writing " + fileName)
                .withStatus(status));
      }
      // One task: hashed, written and moved into place with one hand-off to the blocking
      // executor, not one per step (docs/BENCHMARKS.md, finding 2).
      CompletionStage<Done> permit = limit.permit(data.size());
      if (limit != RateLimit.NONE) { // a slow limit's wait ends at a cancel, as a body's bytes do
        permit = cancellation.orCancelled(permit);
      }
      return permit.thenApplyAsync(
          granted -> {
            try {
              return file.append(data).complete();
            } catch (RuntimeException e) {
              file.discard();
              throw failed(e, status);
            }
          },
          blocking);
    }
    Source<ByteString, ?> bytes =
        entity
            .withSizeLimit(limitLeft)
            .getDataBytes()
            .idleTimeout(settings.idleTimeout())
            .completionTimeout(timeLeft)
            .via(cancellation.<ByteString>flow());
    if (limit != RateLimit.NONE) { // the run's --limit-rate, shared by every body in flight
      bytes = bytes.mapConcat(limit::pieces).mapAsync(1, limit::take);
    }
    return bytes
        .toMat(Sink.fold(file, BodyFile::append), Keep.right())
        // The whole body stream in one island on the file-IO dispatcher: no buffer between the
        // bytes and their writer, so a download holds the chunk being written and the client's.
        .withAttributes(ActorAttributes.dispatcher(OutputDir.FILE_IO))
        .run(materializer)
        .thenApplyAsync(BodyFile::complete, blocking)
        .exceptionallyAsync( // runs on failure only: a completed body is not handed off again
            failure -> {
              file.discard();
              throw failed(failure, status);
            },
            blocking)
        .toCompletableFuture();
  }

  /**
   * What tells two fresh part files of one URL apart (two attempts, one abandoned): 64 random bits.
   * Only this run writes the partial directory (the directory's lock), and a part file is created
   * new ({@code CREATE_NEW}), so a clash would fail an attempt, never share a file. Not {@code
   * UUID.randomUUID()}: it draws on {@code SecureRandom}, a measurable cost per small body
   * (docs/BENCHMARKS.md, "Third sitting").
   */
  private static String freshSuffix() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong());
  }

  private static CompletionException failed(Throwable failure, int status) {
    return new CompletionException(Failure.raise(Failures.classify(failure).withStatus(status)));
  }

  private static OptionalLong plus(long first, OptionalLong rest) {
    return rest.isPresent() ? OptionalLong.of(first + rest.getAsLong()) : OptionalLong.empty();
  }
}
