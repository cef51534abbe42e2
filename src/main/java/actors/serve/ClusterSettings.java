package actors.serve;

import static actors.support.Require.between;
import static actors.support.Require.require;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code actors serve --cluster}: where this node listens for the other nodes (Pekko Artery) and
 * whom it joins. Read from {@code actors.serve.cluster}; the command line's {@code --cluster},
 * {@code --node-host}, {@code --node-port} and {@code --seed-nodes} override it.
 *
 * @param enabled whether the node joins a cluster; off, the service runs on its own, as before
 * @param nodeHost the address other nodes reach this one at
 * @param nodePort Artery's port; 0 for any free one
 * @param seedNodes {@code host:port} of the nodes to join; empty: this node starts a new cluster
 *     (unless {@code pekko.cluster.seed-nodes} names some)
 * @param joinTimeout how long start-up waits for the node to be Up before it gives up
 * @param cachePartitions how many sharded partitions the cache is split into
 * @param jobWorkers how many lines of one job a node downloads at once (at most its parallelism)
 */
public record ClusterSettings(
    boolean enabled,
    String nodeHost,
    int nodePort,
    List<String> seedNodes,
    Duration joinTimeout,
    int cachePartitions,
    int jobWorkers) {

  /** The actor system's name: a cluster's nodes must share it (it is in every node's address). */
  static final String SYSTEM_NAME = "actors";

  public ClusterSettings {
    require(nodeHost != null && !nodeHost.isBlank(), "actors.serve.cluster.node-host", "is empty");
    between(nodePort, 0, 65535, "actors.serve.cluster.node-port");
    seedNodes = List.copyOf(seedNodes);
    for (String seed : seedNodes) {
      require(
          seed.matches("[^:/@\\s]+:[0-9]{1,5}") && Integer.parseInt(seed.replaceAll(".*:", "")) > 0,
          "actors.serve.cluster.seed-nodes",
          "must be host:port entries (127.0.0.1:25520), not " + Json.quote(seed));
    }
    between(
        joinTimeout,
        Duration.ofSeconds(1),
        Duration.ofHours(1),
        "actors.serve.cluster.join-timeout");
    between(cachePartitions, 1, 10_000, "actors.serve.cluster.cache-partitions");
    between(jobWorkers, 1, 4096, "actors.serve.cluster.job-workers");
  }

  /** Reads {@code actors.serve.cluster} from {@code config}. */
  public static ClusterSettings create(Config config) {
    Config c = config.getConfig("actors.serve.cluster");
    return new ClusterSettings(
        c.getBoolean("enabled"),
        c.getString("node-host"),
        c.getInt("node-port"),
        c.getStringList("seed-nodes"),
        c.getDuration("join-timeout"),
        c.getInt("cache-partitions"),
        c.getInt("job-workers"));
  }

  /**
   * What the actor system needs to be a cluster node: the cluster provider, Artery's address, and
   * the seed nodes as Pekko addresses. Empty when the cluster is off.
   */
  Config overlay() {
    if (!enabled) {
      return ConfigFactory.empty();
    }
    Map<String, Object> keys = new HashMap<>();
    keys.put("pekko.actor.provider", "cluster");
    keys.put("pekko.remote.artery.canonical.hostname", nodeHost);
    keys.put("pekko.remote.artery.canonical.port", nodePort);
    if (!seedNodes.isEmpty()) {
      keys.put(
          "pekko.cluster.seed-nodes",
          seedNodes.stream().map(seed -> "pekko://" + SYSTEM_NAME + "@" + seed).toList());
    }
    return ConfigFactory.parseMap(keys);
  }
}
