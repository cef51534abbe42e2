package actors.backpressure;

import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Backpressure between streams: a bounded buffer that, when full, stops pulling from upstream
 * instead of dropping or growing. A producer in front of it runs only as far ahead of the consumer
 * as the buffer allows, however much faster it is: memory is bounded by the buffer, not by the
 * number of elements. Pekko's {@code buffer(n, backpressure())}; stage input buffers (16 by
 * default) are set to 1 so the bound is the one written here, not 16 more per async boundary.
 */
public final class Bounded {

  private Bounded() {}

  /**
   * A flow that holds at most {@code size} elements between a fast producer and a slow consumer.
   */
  public static <T> Flow<T, T, NotUsed> buffer(int size) {
    return Flow.<T>create()
        .buffer(size, OverflowStrategy.backpressure())
        .withAttributes(Attributes.inputBuffer(1, 1));
  }

  /**
   * How far a producer can get ahead of the consumer through {@link #buffer}: the buffer, plus one
   * element in the input buffer of the async boundary before it, one in the consumer's stage, and
   * the one being produced.
   */
  public static int maxLead(int size) {
    return size + 3;
  }
}
