package actors.counter;

import static actors.support.Require.between;

import com.typesafe.config.Config;

/**
 * Settings read from {@code actors.counter} in {@code application.conf}; checked, naming the key.
 */
public record CounterSettings(int workerWindow) {

  public CounterSettings {
    between(workerWindow, 1, 1_000_000, "actors.counter.worker-window");
  }

  /** Reads {@code actors.counter} from {@code config}. */
  public static CounterSettings create(Config config) {
    return new CounterSettings(config.getInt("actors.counter.worker-window"));
  }

  /** A copy with another number of unconfirmed increments per worker. */
  public CounterSettings withWorkerWindow(int window) {
    return new CounterSettings(window);
  }
}
