package actors.counter;

import com.typesafe.config.Config;

/** Settings read from {@code actors.counter} in {@code application.conf}. */
public record CounterSettings(int workerWindow) {

  /** Reads {@code actors.counter} from {@code config}. */
  public static CounterSettings create(Config config) {
    return new CounterSettings(config.getInt("actors.counter.worker-window"));
  }

  /** A copy with another number of unconfirmed increments per worker. */
  public CounterSettings withWorkerWindow(int window) {
    return new CounterSettings(window);
  }
}
