package actors.jobs;

import static actors.support.Require.between;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The service's jobs: read once from {@code actors.serve.jobs}. Checks itself, naming the key.
 *
 * @param maxRunning jobs running at once; the others queue
 * @param maxListBytes the largest URL list one job may have
 * @param suspendTimeout on shutdown, how long running jobs get to complete their manifests
 */
public record JobsSettings(int maxRunning, long maxListBytes, Duration suspendTimeout) {

  public JobsSettings {
    between(maxRunning, 1, 1000, "actors.serve.jobs.max-running");
    between(maxListBytes, 1, 1L << 34, "actors.serve.jobs.max-list-bytes");
    between(
        suspendTimeout,
        Duration.ofMillis(1),
        Duration.ofMinutes(10),
        "actors.serve.jobs.suspend-timeout");
  }

  public static JobsSettings create(Config config) {
    Config c = config.getConfig("actors.serve.jobs");
    return new JobsSettings(
        c.getInt("max-running"), c.getBytes("max-list-bytes"), c.getDuration("suspend-timeout"));
  }
}
