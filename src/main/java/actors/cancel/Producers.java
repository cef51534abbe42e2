package actors.cancel;

import java.time.Duration;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/** Producers for the cancellation examples. */
public final class Producers {

  private Producers() {}

  /**
   * A producer loop ({@code for i in 0..} with {@code sleep} and {@code tx.send(i)}): waits {@code
   * interval}, sends 0, waits, sends 1, ... up to {@code count - 1}. Runs on the scheduler's
   * timers, so virtual time drives it in tests.
   */
  public static Source<Integer, NotUsed> every(Duration interval, int count) {
    return Source.tick(interval, interval, 0)
        .zipWithIndex()
        .map(pair -> pair.second().intValue())
        .take(count)
        .mapMaterializedValue(cancellable -> NotUsed.getInstance());
  }
}
