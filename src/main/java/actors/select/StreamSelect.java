package actors.select;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code select!} over streams: the first element of several sources, or a timeout.
 *
 * <p>Built from Pekko's {@code merge} and {@code prefixAndTail(1)}: the winner is the first element
 * out of the merge; everything else (elements the merge already took, and everything after) stays
 * in the returned tail, so nothing is lost. Running the tail continues the select loop; cancelling
 * it, or not running it within {@code pekko.stream.materializer.subscription-timeout} (5 s by
 * default), cancels every branch and the timer: nothing is left running.
 */
public final class StreamSelect {

  private StreamSelect() {}

  /** One element and the branch it came from; {@code value} is empty for the timeout. */
  public record Tagged<T>(String branch, Optional<T> value) {
    /** The branch name of the timeout. */
    public static final String TIMEOUT = "timeout";
  }

  /** The winner, and the tail holding every later element (with the timeout, if it comes). */
  public record FirstOf<T>(Tagged<T> winner, Source<Tagged<T>, NotUsed> rest) {}

  /**
   * Runs the select: the first element of any of {@code branches} (name to source) or, if none
   * comes within {@code timeout}, a {@link Tagged#TIMEOUT}.
   */
  public static <T> CompletionStage<FirstOf<T>> first(
      Map<String, Source<T, ?>> branches, Duration timeout, Materializer materializer) {
    Source<Tagged<T>, NotUsed> merged =
        Source.<Tagged<T>>single(new Tagged<>(Tagged.TIMEOUT, Optional.empty()))
            .initialDelay(timeout);
    for (Map.Entry<String, Source<T, ?>> branch : branches.entrySet()) {
      String name = branch.getKey();
      merged = merged.merge(branch.getValue().map(v -> new Tagged<>(name, Optional.of(v))));
    }
    return merged.prefixAndTail(1).map(StreamSelect::firstOf).runWith(Sink.head(), materializer);
  }

  private static <T> FirstOf<T> firstOf(
      Pair<java.util.List<Tagged<T>>, Source<Tagged<T>, NotUsed>> p) {
    // The timeout branch always ends with an element, so the prefix is never empty.
    return new FirstOf<>(p.first().get(0), p.second());
  }
}
