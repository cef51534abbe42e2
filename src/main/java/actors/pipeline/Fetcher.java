package actors.pipeline;

import actors.support.Stages;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One download attempt: request (following redirects), then the body streamed to a temporary file
 * and moved into place only when complete.
 *
 * <p>HTTP client: Pekko HTTP's host pool, sized to the pipeline's parallelism, with its own retries
 * off (the pipeline owns retries, or they would multiply). Chosen by measurement against {@code
 * java.net.http}, with only the client swapped in the same stream ({@code
 * src/jmh/java/actors/bench/ClientShootout.java}, run by {@code bench/variants.sh}; figures in
 * docs/BENCHMARKS.md): on 10,000 bodies of 4 KiB Pekko HTTP took about half the time of {@code
 * java.net.http} on JDK 17 (7.9 s against 15.3 s), and still less on JDK 25; on 200 bodies of 4 MiB
 * the two were within the noise (4.8 s against 4.6 s). It also fits: the response body is a stream,
 * so size limit, idle timeout, deadline, cancellation and the SHA-256 are stages on it, and nothing
 * is held in memory.
 *
 * <p>The attempt as a whole, redirects and body included, has {@code timeout}; the body also fails
 * after {@code idleTimeout} without bytes, and at {@code maxBytes}. A body is written to {@code
 * partialDir} and renamed into the output directory (same file system: an atomic move) only when it
 * is complete and its length matches Content-Length; on any failure the temporary file is deleted.
 * An attempt never fails its stage: the result says what happened.
 */
final class Fetcher {

  private static final Logger log = LoggerFactory.getLogger(Fetcher.class);

  /** What one attempt did. {@code failure} is null on success. */
  record Attempt(long bytes, String sha256, Integer httpStatus, Failures.Reason failure) {
    boolean ok() {
      return failure == null;
    }
  }

  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final PipelineSettings settings;
  private final Path outDir;
  private final Path partialDir;
  private final Cancellation cancellation;
  private final Http http;
  private final ConnectionPoolSettings pool;
  private final Executor blocking;

  Fetcher(
      ActorSystem<?> system,
      PipelineSettings settings,
      Path outDir,
      Path partialDir,
      Cancellation cancellation) {
    this.system = system;
    this.materializer = Materializer.matFromSystem(system);
    this.settings = settings;
    this.outDir = outDir;
    this.partialDir = partialDir;
    this.cancellation = cancellation;
    this.http = Http.get(Adapter.toClassic(system));
    this.pool =
        ConnectionPoolSettings.create(Adapter.toClassic(system))
            .withMaxConnections(settings.parallelism())
            .withMaxOpenRequests(powerOfTwoAtLeast(settings.parallelism()))
            .withMaxRetries(0)
            .withConnectionSettings(
                ClientConnectionSettings.create(Adapter.toClassic(system))
                    .withConnectingTimeout(settings.connectTimeout())
                    .withIdleTimeout(settings.idleTimeout().plus(settings.timeout())));
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
  }

  private static int powerOfTwoAtLeast(int n) {
    return Integer.highestOneBit(Math.max(1, n - 1)) << 1;
  }

  /** Downloads {@code url} into {@code fileName}; the stage always completes normally. */
  CompletionStage<Attempt> fetch(URI url, String fileName) {
    long start = System.nanoTime();
    CompletableFuture<HttpResponse> response =
        cancellation
            .orCancelled(follow(url, 0, new HashSet<>(Set.of(url))))
            .orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    return response
        .thenCompose(r -> body(r, fileName, start))
        .handle(
            (attempt, failure) -> {
              if (failure == null) {
                return attempt;
              }
              Failures.Reason reason = Failures.classify(failure);
              if (log.isDebugEnabled()) {
                try (MDC.MDCCloseable ignored = MDC.putCloseable("url", url.toString())) {
                  log.debug(
                      "attempt failed: {} ({})",
                      reason.code(),
                      Failures.unwrap(failure).toString());
                }
              }
              return new Attempt(0, null, statusOf(failure), reason);
            });
  }

  private CompletionStage<HttpResponse> follow(URI url, int hops, Set<URI> seen) {
    CompletionStage<HttpResponse> response =
        Stages.plain(
            http.singleRequest(
                HttpRequest.GET(url.toString()),
                http.defaultClientHttpsContext(),
                pool,
                system.classicSystem().log()));
    return response.thenCompose(
        r -> {
          int status = r.status().intValue();
          Optional<Location> location = r.getHeader(Location.class);
          if (!isRedirect(status) || location.isEmpty()) {
            return CompletableFuture.completedFuture(r);
          }
          r.discardEntityBytes(materializer);
          URI next = url.resolve(location.get().getUri().toString());
          if (!seen.add(next)) {
            throw new Failures.RedirectException(
                "redirect-loop", status, "redirect loop back to " + next);
          }
          if (hops + 1 > settings.maxRedirects()) {
            throw new Failures.RedirectException(
                "too-many-redirects",
                status,
                "more than " + settings.maxRedirects() + " redirects");
          }
          return follow(next, hops + 1, seen);
        });
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private CompletionStage<Attempt> body(HttpResponse response, String fileName, long start) {
    int status = response.status().intValue();
    if (status < 200 || status > 299) {
      response.discardEntityBytes(materializer);
      throw new Failures.HttpStatusException(status, retryAfter(response));
    }
    Duration left = settings.timeout().minusNanos(System.nanoTime() - start);
    if (left.isNegative() || left.isZero()) {
      response.discardEntityBytes(materializer);
      throw new java.util.concurrent.CompletionException(
          new java.util.concurrent.TimeoutException(
              "the attempt's " + settings.timeout().toMillis() + " ms ran out before the body"));
    }
    Path part = partialDir.resolve(fileName + "." + UUID.randomUUID() + ".part");
    if (response.entity() instanceof HttpEntity.Strict strict) {
      return writeStrict(strict.getData(), part, fileName, status);
    }
    OptionalLong expected = response.entity().getContentLengthOption();
    Pair<CompletionStage<Digest>, CompletionStage<IOResult>> written =
        response
            .entity()
            .withSizeLimit(settings.maxBytes())
            .getDataBytes()
            .idleTimeout(settings.idleTimeout())
            .completionTimeout(left)
            .via(cancellation.<ByteString>flow())
            .alsoToMat(Sink.fold(new Digest(), Digest::add), Keep.right())
            .toMat(FileIO.toPath(part), Keep.both())
            .run(materializer);
    return Stages.plain(written.first())
        .thenCombine(Stages.plain(written.second()), (digest, io) -> digest)
        .thenApplyAsync(
            digest -> {
              if (expected.isPresent() && expected.getAsLong() != digest.bytes) {
                throw new Failures.TruncatedException(expected.getAsLong(), digest.bytes);
              }
              moveIntoPlace(part, outDir.resolve(fileName));
              return new Attempt(digest.bytes, digest.hex(), status, null);
            },
            blocking)
        .whenCompleteAsync(
            (attempt, failure) -> {
              if (failure != null) {
                deleteQuietly(part);
              }
            },
            blocking)
        .exceptionally(
            failure -> {
              throw new java.util.concurrent.CompletionException(
                  new Failures.BodyFailed(status, Failures.unwrap(failure)));
            });
  }

  /**
   * A body Pekko HTTP already holds whole (small bodies arrive as {@code HttpEntity.Strict}): no
   * stream is worth materializing for it; it is checked, hashed, written and moved into place in
   * one task on the blocking executor. Measured on 10,000 bodies of 4 KiB: see docs/BENCHMARKS.md.
   */
  private CompletionStage<Attempt> writeStrict(
      ByteString data, Path part, String fileName, int status) {
    if (data.size() > settings.maxBytes()) {
      throw new Failures.TooLargeException(settings.maxBytes(), data.size());
    }
    if (cancellation.isCancelled()) {
      throw new Failures.CancelledException("before writing " + fileName);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          Digest digest = new Digest().add(data);
          try (java.nio.channels.FileChannel channel =
              java.nio.channels.FileChannel.open(
                  part,
                  java.nio.file.StandardOpenOption.CREATE_NEW,
                  java.nio.file.StandardOpenOption.WRITE)) {
            for (java.nio.ByteBuffer buffer : data.getByteBuffers()) {
              while (buffer.hasRemaining()) {
                channel.write(buffer);
              }
            }
            moveIntoPlace(part, outDir.resolve(fileName));
          } catch (java.io.IOException | RuntimeException e) {
            deleteQuietly(part);
            throw new java.util.concurrent.CompletionException(new Failures.BodyFailed(status, e));
          }
          return new Attempt(digest.bytes, digest.hex(), status, null);
        },
        blocking);
  }

  private static void moveIntoPlace(Path part, Path target) {
    try {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot move the body into " + target, e);
    }
  }

  private static void deleteQuietly(Path part) {
    try {
      Files.deleteIfExists(part);
    } catch (java.io.IOException ignored) {
      // The next run removes what is left in the partial directory.
    }
  }

  /** Retry-After in seconds; the HTTP-date form is rare for downloads and ignored. */
  private static Optional<Duration> retryAfter(HttpResponse response) {
    return response
        .getHeader("Retry-After")
        .flatMap(
            header -> {
              try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(header.value().trim())));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  private static Integer statusOf(Throwable failure) {
    Throwable e = failure;
    while (e != null) {
      if (e instanceof Failures.BodyFailed body) {
        return body.status;
      }
      if (e instanceof Failures.HttpStatusException status) {
        return status.status;
      }
      if (e instanceof Failures.RedirectException redirect) {
        return redirect.status;
      }
      e = e.getCause();
    }
    return null;
  }

  /** SHA-256 and length of a body, updated by one stream stage only. */
  static final class Digest {
    private final MessageDigest sha256;
    long bytes;

    Digest() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }

    Digest add(ByteString chunk) {
      for (java.nio.ByteBuffer buffer : chunk.getByteBuffers()) {
        bytes += buffer.remaining();
        sha256.update(buffer);
      }
      return this;
    }

    String hex() {
      return HexFormat.of().formatHex(sha256.digest());
    }
  }
}
