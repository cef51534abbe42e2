// One file of some 300 lines on purpose: the clients it compares must share everything else (the
// stream, the file writes, the round loop), and side by side is how a reader checks that they do.
package actors.bench;

import actors.support.Stages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Which HTTP client should {@code actors download} use? The same Pekko stream (URL lines, {@code
 * mapAsyncUnordered(parallelism)}, one file per body written to a temporary name and renamed) with
 * only the client swapped: Pekko HTTP's host pool through {@code singleRequest} ({@code pekko}, as
 * the pipeline asks), the same pool as one stage of the stream ({@code pekko-pool}) or {@code
 * java.net.http} ({@code jdk}). No retries, manifest or hashing: what differs is the client alone.
 * Run as a whole process by the download benchmark, so start-up counts as it does for the real
 * command (see docs/BENCHMARKS.md).
 *
 * <p>Usage: {@code ClientShootout pekko|pekko-pool|jdk|jdk-fixed4 LIST OUT [PARALLELISM
 * [ROUNDS]]}; exits 1 if any URL failed. With ROUNDS, the list is downloaded that many times in
 * one JVM (each round into {@code OUT/rN}, the round before it deleted first, outside the time),
 * one line per round: the bare client warm, to set beside a warm {@code actors serve} job
 * (docs/BENCHMARKS.md, "Issue #15"). {@code -Dbench.between=COMMAND} runs a peer after each
 * round, as for {@link WarmRounds}.
 */
public final class ClientShootout {

  private ClientShootout() {}

  public static void main(String[] args) throws Exception {
    String client = args[0];
    Path list = Path.of(args[1]);
    Path out = Path.of(args[2]);
    int parallelism = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    Files.createDirectories(out);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "shootout");
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    AtomicLong index = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    Fetch fetch =
        switch (client) {
          case "pekko", "pekko-pool" -> new PekkoFetch(system, parallelism, blocking);
          case "jdk" -> new JdkFetch(blocking, null);
          case "jdk-fixed4" -> new JdkFetch(blocking, Executors.newFixedThreadPool(4));
          default ->
              throw new IllegalArgumentException(
                  "client must be pekko, pekko-pool, jdk or jdk-fixed4: " + client);
        };
    for (int round = 1; round <= rounds; round++) {
      Path into = rounds == 1 ? out : out.resolve("r" + round);
      if (round > 1) {
        WarmRounds.deleteTree(out.resolve("r" + (round - 1)));
      }
      Files.createDirectories(into);
      index.set(0);
      runRound(system, client, list, into, parallelism, fetch, index, failures);
      WarmRounds.between(round);
    }
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
    System.exit(failures.get() == 0 ? 0 : 1);
  }

  private static void runRound(
      ActorSystem<?> system,
      String client,
      Path list,
      Path out,
      int parallelism,
      Fetch fetch,
      AtomicLong index,
      AtomicLong failures)
      throws IOException {
    long cpu = WarmRounds.processCpuNanos();
    long start = System.nanoTime();
    if (client.equals("pekko-pool")) {
      String first;
      try (var lines = Files.lines(list)) {
        first = lines.filter(line -> !line.isBlank()).findFirst().orElseThrow();
      }
      try (var lines = Files.lines(list)) {
        ((PekkoFetch) fetch)
            .runPooled(
                Source.fromJavaStream(() -> lines).filter(line -> !line.isBlank()),
                out,
                parallelism,
                index,
                failures,
                first);
      }
      report(client, index, failures, start, cpu);
      return;
    }
    try (var lines = Files.lines(list)) {
      Source.fromJavaStream(() -> lines)
          .filter(line -> !line.isBlank())
          .mapAsyncUnordered(
              parallelism,
              url -> {
                Path target = out.resolve(Long.toString(index.incrementAndGet()));
                return counted(fetch.fetch(URI.create(url.trim()), target), url, failures);
              })
          .runWith(Sink.ignore(), system)
          .toCompletableFuture()
          .join();
    }
    report(client, index, failures, start, cpu);
  }

  /** {@code written}, a failure counted (the first five printed, naming {@code what}) as 0 bytes. */
  private static CompletionStage<Long> counted(
      CompletionStage<Long> written, Object what, AtomicLong failures) {
    return written.exceptionally(
        failure -> {
          if (failures.incrementAndGet() <= 5) {
            System.err.println(what + ": " + failure);
          }
          return 0L;
        });
  }

  private static void report(
      String client, AtomicLong index, AtomicLong failures, long start, long cpu) {
    double seconds = (System.nanoTime() - start) / 1e9;
    System.err.printf(
        java.util.Locale.ROOT,
        "client=%s urls=%d failures=%d stream_s=%.3f cpu_s=%.2f%n",
        client, index.get(), failures.get(), seconds, (WarmRounds.processCpuNanos() - cpu) / 1e9);
  }

  /** One GET, its body in {@code target}; completes with the body's length. */
  interface Fetch {
    CompletionStage<Long> fetch(URI url, Path target);
  }

  /** Pekko HTTP, as {@code actors.pipeline.BodyWriter} uses it: strict bodies in one task, others as a stream. */
  static final class PekkoFetch implements Fetch {
    private final ActorSystem<?> system;
    private final Materializer materializer;
    private final Http http;
    private final ConnectionPoolSettings pool;
    private final Executor blocking;

    PekkoFetch(ActorSystem<?> system, int parallelism, Executor blocking) {
      this.system = system;
      this.materializer = Materializer.matFromSystem(system);
      this.http = Http.get(Adapter.toClassic(system));
      this.pool =
          ConnectionPoolSettings.create(Adapter.toClassic(system))
              .withMaxConnections(parallelism)
              .withMaxOpenRequests(Integer.highestOneBit(Math.max(1, parallelism - 1)) << 1)
              .withMaxRetries(0);
      this.blocking = blocking;
    }

    @Override
    public CompletionStage<Long> fetch(URI url, Path target) {
      return Stages.plain(
              http.singleRequest(
                  org.apache.pekko.http.javadsl.model.HttpRequest.GET(url.toString()),
                  http.defaultClientHttpsContext(),
                  pool,
                  system.classicSystem().log()))
          .thenCompose(
              response -> body(response, target));
    }

    /**
     * The host pool as one stream stage ({@code cachedHostConnectionPool}): requests in, responses
     * out, no future or pool lookup per request; each body written as {@link #fetch} writes it.
     */
    void runPooled(
        Source<String, ?> urls,
        Path out,
        int parallelism,
        AtomicLong index,
        AtomicLong failures,
        String firstUrl) {
      URI host = URI.create(firstUrl.trim());
      if (!"http".equals(host.getScheme())) { // the benchmark's nginx: one host, plain HTTP
        throw new IllegalArgumentException("pekko-pool takes http URLs of one host: " + firstUrl);
      }
      urls.map(
              url ->
                  org.apache.pekko.japi.Pair.create(
                      org.apache.pekko.http.javadsl.model.HttpRequest.GET(url.trim()),
                      out.resolve(Long.toString(index.incrementAndGet()))))
          .via(
              http.<Path>cachedHostConnectionPool(
                  org.apache.pekko.http.javadsl.ConnectHttp.toHost(
                      host.getHost(), host.getPort() < 0 ? 80 : host.getPort()),
                  pool,
                  system.classicSystem().log()))
          .mapAsyncUnordered(
              parallelism,
              answered -> {
                Path target = answered.second();
                CompletionStage<Long> written =
                    answered.first().isSuccess()
                        ? body(answered.first().get(), target)
                        : CompletableFuture.failedFuture(answered.first().failed().get());
                return counted(written, target, failures);
              })
          .runWith(Sink.ignore(), system)
          .toCompletableFuture()
          .join();
    }

    /** {@code response}'s body into {@code target} through TARGET.part; failed if not a 200. */
    private CompletionStage<Long> body(
        org.apache.pekko.http.javadsl.model.HttpResponse response, Path target) {
      Path part = target.resolveSibling(target.getFileName() + ".part");
      if (response.status().intValue() != 200) {
        response.discardEntityBytes(materializer);
        return CompletableFuture.failedFuture(
            new IllegalStateException("http " + response.status().intValue()));
      }
      if (response.entity() instanceof HttpEntity.Strict strict) {
        return CompletableFuture.supplyAsync(() -> write(strict.getData(), part, target), blocking);
      }
      return Stages.plain(
              response.entity().getDataBytes().runWith(FileIO.toPath(part), materializer))
          .thenApplyAsync(io -> move(part, target, io.getCount()), blocking);
    }

    private static long write(ByteString data, Path part, Path target) {
      try (FileChannel channel =
          FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        for (ByteBuffer buffer : data.getByteBuffers()) {
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return move(part, target, data.size());
    }
  }

  /** {@code java.net.http}: HTTP/1.1, its own selector thread, bodies written by {@code ofFile}. */
  static final class JdkFetch implements Fetch {
    private final HttpClient client;
    private final Executor blocking;

    /** {@code executor} runs the client's body subscribers and completions; null = its default. */
    JdkFetch(Executor blocking, Executor executor) {
      HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
      this.client = (executor == null ? builder : builder.executor(executor)).build();
      this.blocking = blocking;
    }

    @Override
    public CompletionStage<Long> fetch(URI url, Path target) {
      Path part = target.resolveSibling(target.getFileName() + ".part");
      return client
          .sendAsync(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofFile(part))
          .thenApplyAsync(
              response -> {
                if (response.statusCode() != 200) {
                  throw new IllegalStateException("http " + response.statusCode());
                }
                try {
                  return move(part, target, Files.size(part));
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              },
              blocking);
    }
  }

  private static long move(Path part, Path target, long bytes) {
    try {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes;
  }
}
