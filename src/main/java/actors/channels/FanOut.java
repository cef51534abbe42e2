package actors.channels;

import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.PartitionHub;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One producer, several consumers: crossbeam's MPMC channel, two ways.
 *
 * <p>{@link #workSharing}: each element goes to exactly one consumer, the one with the shortest
 * queue (crossbeam's cloned receivers competing for work), on {@link PartitionHub}. {@link
 * #broadcast}: every consumer gets every element (Go has no built-in broadcast; tokio's {@code
 * broadcast} channel), on {@link BroadcastHub}.
 *
 * <p>Both wait until {@code consumers} consumers have attached before the first element flows, so
 * none misses the start; after that, consumers may come and go. Both are backpressured: the
 * producer runs at the pace of the slowest consumer whose buffer ({@code bufferSize}) is full.
 */
public final class FanOut {

  private FanOut() {}

  /**
   * A sink whose materialized value is a source to run once per consumer; each element reaches
   * exactly one of them.
   */
  public static <T> Sink<T, Source<T, NotUsed>> workSharing(
      Class<T> type, int consumers, int bufferSize) {
    return PartitionHub.ofStateful(
        type,
        () ->
            (info, element) -> {
              long best = info.consumerIdByIdx(0);
              for (int i = 1; i < info.size(); i++) {
                long id = info.consumerIdByIdx(i);
                if (info.queueSize(id) < info.queueSize(best)) {
                  best = id;
                }
              }
              return best;
            },
        consumers,
        bufferSize);
  }

  /**
   * A sink whose materialized value is a source to run once per consumer; each element reaches all
   * of them.
   */
  public static <T> Sink<T, Source<T, NotUsed>> broadcast(
      Class<T> type, int consumers, int bufferSize) {
    return BroadcastHub.of(type, consumers, bufferSize);
  }
}
