package actors.pipeline;

import actors.support.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
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
  record Written(long bytes, String sha256, int httpStatus, String etag, String lastModified) {}

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
   * Writes the body of {@code response} into {@code fileName}, within {@code timeLeft}; a body
   * whose SHA-256 is not {@code sha256} (unless null) fails as {@code checksum-mismatch}, not kept.
   */
  CompletionStage<Written> write(
      HttpResponse response,
      String fileName,
      String sha256,
      Duration timeLeft,
      Consumer<PipelineEvent.Received> progress) {
    int status = response.status().intValue();
    HttpEntity entity = response.entity();
    if (timeLeft.isNegative() || timeLeft.isZero()) {
      response.discardEntityBytes(materializer);
      throw Failure.raise(
          Failure.of(ErrorCode.TIMEOUT, "the attempt's time ran out before the body")
              .withStatus(status));
    }
    BodyFile file =
        new BodyFile(
            output.partialDir().resolve(fileName + "." + UUID.randomUUID() + ".part"),
            output.dir().resolve(fileName),
            entity.getContentLengthOption(),
            sha256,
            status,
            response.getHeader("ETag").map(HttpHeader::value).orElse(null),
            response.getHeader("Last-Modified").map(HttpHeader::value).orElse(null),
            progress);
    if (entity instanceof HttpEntity.Strict strict) {
      ByteString data = strict.getData();
      if (data.size() > settings.maxBytes()) {
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
      return limit
          .permit(data.size())
          .thenApplyAsync(
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
            .withSizeLimit(settings.maxBytes())
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

  private static CompletionException failed(Throwable failure, int status) {
    return new CompletionException(Failure.raise(Failures.classify(failure).withStatus(status)));
  }

  /** One body on its way to disk. Used by one thread at a time. */
  private static final class BodyFile {
    private final Path part;
    private final Path target;
    private final OptionalLong expected;
    private final String expectedSha256;
    private final int status;
    private final String etag;
    private final String lastModified;
    private final Consumer<PipelineEvent.Received> progress;
    private final MessageDigest sha256 = Sha256.create();
    private FileChannel channel;
    private long bytes;

    BodyFile(
        Path part,
        Path target,
        OptionalLong expected,
        String expectedSha256,
        int status,
        String etag,
        String lastModified,
        Consumer<PipelineEvent.Received> progress) {
      this.progress = progress;
      this.etag = etag;
      this.lastModified = lastModified;
      this.part = part;
      this.target = target;
      this.expected = expected;
      this.expectedSha256 = expectedSha256;
      this.status = status;
    }

    BodyFile append(ByteString chunk) {
      try {
        if (channel == null) {
          channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        for (ByteBuffer buffer : chunk.getByteBuffers()) {
          sha256.update(buffer.duplicate());
          bytes += buffer.remaining();
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        }
        if (bytes / PipelineEvent.RECEIVED_EVERY
            != (bytes - chunk.size()) / PipelineEvent.RECEIVED_EVERY) {
          progress.accept(
              new PipelineEvent.Received(
                  null, bytes, expected.isPresent() ? expected.getAsLong() : -1));
        }
      } catch (IOException e) {
        throw writeFailed("cannot write " + part, e);
      }
      return this;
    }

    Written complete() {
      if (expected.isPresent() && expected.getAsLong() != bytes) {
        throw Failure.raise(
            Failure.of(
                ErrorCode.TRUNCATED,
                "body truncated: " + bytes + " of " + expected.getAsLong() + " bytes"));
      }
      String digest = Sha256.hex(sha256);
      if (expectedSha256 != null && !expectedSha256.equals(digest)) {
        throw Failure.raise(
            Failure.of(
                ErrorCode.CHECKSUM_MISMATCH,
                "the body's SHA-256 is " + digest + ", the line asked for " + expectedSha256));
      }
      try {
        if (channel == null) {
          append(ByteString.emptyByteString()); // an empty body is an empty file
        }
        channel.close();
        Files.move(
            part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw writeFailed("cannot move the body into " + target, e);
      }
      return new Written(bytes, digest, status, etag, lastModified);
    }

    void discard() {
      try {
        if (channel != null) {
          channel.close();
        }
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // The next run removes what is left in the partial directory.
      }
    }

    private static Failure.Raised writeFailed(String what, IOException e) {
      return Failure.raise(
          Failure.of(ErrorCode.WRITE_FAILED, what + ": " + OutputException.reason(e)));
    }
  }
}
