package actors.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Demand between streams: a producer that could run flat out is held to the consumer's pace; how
 * far it gets ahead is bounded by the buffers between them, not by the number of elements.
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class StreamBackpressureTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @Test
  void buffer_producerNeverGetsFurtherAheadThanTheBuffers() throws Exception {
    int buffer = 8;
    int elements = 2_000;
    AtomicLong produced = new AtomicLong(); // test observation only, written by one stage each
    AtomicLong consumed = new AtomicLong();
    AtomicLong maxLead = new AtomicLong();

    SinkQueueWithCancel<Integer> consumer =
        Source.range(1, elements)
            .map(
                i -> {
                  maxLead.accumulateAndGet(produced.incrementAndGet() - consumed.get(), Math::max);
                  return i;
                })
            .async() // the producer runs on its own, as fast as demand lets it
            .via(Bounded.buffer(buffer))
            .runWith(
                Sink.<Integer>queue().withAttributes(Attributes.inputBuffer(1, 1)),
                testKit.system());

    // The slowest consumer possible: the test takes one element at a time (and the queue sink
    // holds one, not its default 16).
    for (int i = 1; i <= elements; i++) {
      Optional<Integer> next = consumer.pull().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(next).contains(i);
      consumed.incrementAndGet();
    }
    assertThat(produced.get()).isEqualTo(elements);
    // buffer + one in each single-element stage buffer (async boundary, queue sink) + one in hand
    assertThat(maxLead.get()).isLessThanOrEqualTo(Bounded.maxLead(buffer));
  }
}
