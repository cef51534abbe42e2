package actors.pipeline;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.ThrottleMode;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * {@code --limit-rate}: one {@code throttle} stage that every body of a run passes its bytes
 * through, so that the limit holds over the whole run, not per download. A body asks for a permit
 * for each piece and sends the piece on once the throttle has let it through: backpressure from the
 * limit to the socket (the HTTP client reads no faster), nothing buffered.
 *
 * <p>A piece is at most a quarter second of a fair share ({@code rate / parallelism / 4} bytes), so
 * that a download waits for its next permit well within its idle timeout. Each download asks for
 * one permit at a time (a small body too, piece by piece); a full queue in front of the throttle is
 * a bug, and fails that attempt as {@code internal-error}.
 */
final class RateLimit {

  /** No limit: every piece goes on at once. */
  static final RateLimit NONE = new RateLimit(null, Integer.MAX_VALUE, 0);

  private record Permit(int bytes, CompletableFuture<Done> granted) {}

  private final BoundedSourceQueue<Permit> queue;
  private final int piece;
  private final long bytesPerSecond;

  private RateLimit(BoundedSourceQueue<Permit> queue, int piece, long bytesPerSecond) {
    this.queue = queue;
    this.piece = piece;
    this.bytesPerSecond = bytesPerSecond;
  }

  /** A limit of {@code bytesPerSecond} (0: {@link #NONE}) for {@code parallelism} downloads. */
  static RateLimit of(long bytesPerSecond, int parallelism, Materializer materializer) {
    if (bytesPerSecond <= 0) {
      return NONE;
    }
    int rate = (int) Math.min(bytesPerSecond, Integer.MAX_VALUE);
    int piece = (int) Math.max(1, Math.min(64 * 1024, bytesPerSecond / parallelism / 4));
    BoundedSourceQueue<Permit> queue =
        // Each download waits for one permit at a time; an attempt that failed while waiting leaves
        // its permit queued until the throttle reaches it: room for a few per download.
        Source.<Permit>queue(parallelism * 4 + 16)
            .throttle(rate, Duration.ofSeconds(1), piece, Permit::bytes, ThrottleMode.shaping())
            .to(Sink.foreach(permit -> permit.granted().complete(Done.getInstance())))
            .run(materializer);
    return new RateLimit(queue, piece, bytesPerSecond);
  }

  /** The limit, in bytes per second; 0 for none. */
  long bytesPerSecond() {
    return bytesPerSecond;
  }

  /** The pieces of {@code chunk} to ask a permit for, one each (the chunk itself if no limit). */
  Iterable<ByteString> pieces(ByteString chunk) {
    if (queue == null || chunk.size() <= piece) {
      return java.util.List.of(chunk);
    }
    java.util.List<ByteString> pieces = new java.util.ArrayList<>(chunk.size() / piece + 1);
    for (int start = 0; start < chunk.size(); start += piece) {
      pieces.add(chunk.slice(start, Math.min(chunk.size(), start + piece)));
    }
    return pieces;
  }

  /** Completes with {@code piece} once its bytes may go on. */
  CompletionStage<ByteString> take(ByteString piece) {
    if (queue == null) {
      return CompletableFuture.completedFuture(piece);
    }
    return one(piece.size()).thenApply(granted -> piece);
  }

  /**
   * Completes once {@code bytes} (a whole small body) may go on: asked for a piece at a time, so
   * that a small body never holds the throttle for longer than a piece of a large one does.
   */
  CompletionStage<Done> permit(int bytes) {
    if (queue == null || bytes == 0) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    int first = Math.min(bytes, piece);
    CompletionStage<Done> granted = one(first);
    return bytes == first ? granted : granted.thenCompose(done -> permit(bytes - first));
  }

  private CompletionStage<Done> one(int bytes) {
    Permit permit = new Permit(bytes, new CompletableFuture<>());
    QueueOfferResult offered = queue.offer(permit);
    if (offered != QueueOfferResult.enqueued()) {
      throw Failure.raise(
          Failure.of(
              ErrorCode.INTERNAL_ERROR,
              "the rate limit's queue refused a permit ("
                  + offered
                  + "): more waiting than"
                  + " downloads"));
    }
    return permit.granted();
  }

  /** Ends the throttle's stream (the run is over). */
  void stop() {
    if (queue != null) {
      queue.complete();
    }
  }
}
