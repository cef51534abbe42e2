package actors.channels;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.MergeHub;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Many producers, one consumer: Rust's {@code tx} and {@code tx.clone()} (Go: several goroutines
 * sending on one channel) feeding one {@code rx}, on Pekko's {@link MergeHub}.
 *
 * <p>Each producer is a stream {@linkplain Senders#attach attached} to the hub (one {@code
 * tx.clone()} each); it gets its own buffer of {@code perProducerBuffer} elements and is
 * backpressured on its own, so a fast producer cannot crowd out a slow one. Each producer's
 * elements reach the consumer in the order it sent them; different producers interleave.
 *
 * <p>Closing: in tokio each task drops its {@code tx} when it ends and {@code recv} returns {@code
 * None} after the last one. Here {@link Senders#closeAfter} completes the consumer's stream once
 * the given producers have finished and their elements are delivered. A producer that attaches
 * after the close is cancelled at once, never left waiting. (Attaching is asynchronous in MergeHub:
 * closing straight after starting a producer could cancel it before it registered, which is why
 * closing waits for the producers rather than racing them.)
 */
public final class FanIn {

  private FanIn() {}

  /** The sending side: a sink to attach producers to, and the close handle. */
  public record Senders<T>(Sink<T, NotUsed> sink, MergeHub.DrainingControl draining) {

    /** Runs {@code producer} into the hub; the stage completes when the producer has finished. */
    public CompletionStage<Done> attach(Source<T, ?> producer, Materializer materializer) {
      return producer.watchTermination(Keep.right()).to(sink).run(materializer);
    }

    /** Closes the hub once every one of {@code producers} has finished. */
    public void closeAfter(List<CompletionStage<Done>> producers) {
      CompletableFuture.allOf(
              producers.stream()
                  .map(CompletionStage::toCompletableFuture)
                  .toArray(CompletableFuture[]::new))
          .whenComplete((done, failure) -> draining.drainAndComplete());
    }

    /** Closes the hub now: attached producers finish, later ones are cancelled. */
    public void close() {
      draining.drainAndComplete();
    }
  }

  /** A source whose materialized value is the sending side, buffering per producer. */
  public static <T> Source<T, Senders<T>> source(Class<T> type, int perProducerBuffer) {
    return MergeHub.withDraining(type, perProducerBuffer)
        .mapMaterializedValue(pair -> new Senders<>(pair.first(), pair.second()));
  }
}
