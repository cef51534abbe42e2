package actors.blocking;

import static actors.support.Require.require;

import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * Settings read from {@code actors.blocking} in {@code application.conf}; checked, naming the key.
 */
public record BlockingSettings(String dispatcherPath) {

  public BlockingSettings {
    require(
        dispatcherPath != null && !dispatcherPath.isBlank(),
        "actors.blocking.dispatcher",
        "must name a dispatcher defined in the configuration");
  }

  /** Reads {@code actors.blocking} from {@code config}. */
  public static BlockingSettings create(Config config) {
    return new BlockingSettings(config.getString("actors.blocking.dispatcher"));
  }

  /** The dispatcher blocking jobs run on. */
  public DispatcherSelector dispatcher() {
    return DispatcherSelector.fromConfig(dispatcherPath);
  }

  /** A copy that runs blocking jobs on the dispatcher at {@code path}. */
  public BlockingSettings withDispatcherPath(String path) {
    return new BlockingSettings(path);
  }
}
