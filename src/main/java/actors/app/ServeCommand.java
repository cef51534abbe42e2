package actors.app;

import actors.pipeline.OutputException;
import actors.serve.ClusterSettings;
import actors.serve.ServeSettings;
import actors.serve.Service;
import actors.serve.StartException;
import actors.support.InvalidSettingException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code actors serve}: the service ({@link Service}) until SIGTERM or SIGINT. Prints one line on
 * stdout when it serves ({@code serving on http://127.0.0.1:8080}), so a script can wait for it;
 * logs go to stderr.
 *
 * <p>A signal runs the coordinated shutdown (readiness 503, the port closed, requests in flight
 * finished, the actors and the database stopped), and the process exits 0: a stop asked for is a
 * success, as for a service manager. The signals are taken from the JVM ({@code sun.misc.Signal},
 * the one API for it) because the JVM's own handling exits 143 or 130 once the hooks are done. A
 * second signal while stopping exits at once, with 130, as a second Ctrl-C does elsewhere.
 *
 * <p>Exit codes: 0 stopped on a signal (or, on a cluster, asked to leave); 1 removed from the
 * cluster without asking (downed); 2 a usage or start-up error (a bad option, the port in use, the
 * data directory locked by another server, the database unreachable), one line each.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    defaultValueProvider = ServeCommand.Defaults.class,
    description = {
      "Serve the actors over HTTP: counters (durable), a cache, download jobs, health and metrics.",
      "Defaults come from actors.serve in application.conf; the database user and password from"
          + " ACTORS_JDBC_USER and ACTORS_JDBC_PASSWORD."
    })
final class ServeCommand implements Callable<Integer> {

  static final class Defaults extends ConfigDefaults {
    Defaults() {
      super(ConfigFactory.load(), "actors.serve");
    }
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
  Integer port;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Directory of the database and the jobs' files (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description =
          "The database, e.g. jdbc:postgresql://host:5432/actors (default: an H2 file under"
              + " --data).")
  String jdbcUrl;

  @Option(
      names = "--cluster",
      description =
          "Run as a node of a cluster: counters and the cache are sharded over the nodes, which"
              + " share one journal (--jdbc-url). See README, \"Scale out\".")
  boolean cluster;

  @Option(
      names = "--node-host",
      paramLabel = "ADDR",
      description =
          "With --cluster: the address other nodes reach this one at (default: 127.0.0.1).")
  String nodeHost;

  @Option(
      names = "--node-port",
      paramLabel = "PORT",
      description = "With --cluster: the port for the other nodes, 0 for any (default: 25520).")
  Integer nodePort;

  @Option(
      names = "--seed-nodes",
      paramLabel = "HOST:PORT",
      split = ",",
      description =
          "With --cluster: nodes to join, the same list on every node (default: none, this node"
              + " starts a cluster).")
  List<String> seedNodes;

  @Option(
      names = "-D",
      paramLabel = "KEY=VALUE",
      description =
          "Sets a config key for this run, over application.conf:"
              + " -Dactors.serve.counters.durable=off (repeatable).")
  Map<String, String> properties = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    Config config;
    try {
      config =
          clusterOptions()
              .withFallback(ConfigFactory.parseMap(properties))
              .withFallback(ConfigFactory.load())
              .resolve();
    } catch (ConfigException e) {
      throw new ParameterException(spec.commandLine(), "-D: " + e.getMessage());
    }
    ServeSettings settings;
    try {
      settings = ServeSettings.create(config);
      if (host != null) {
        settings = settings.withHost(host);
      }
      if (port != null) {
        settings = settings.withPort(port);
      }
      if (data != null) {
        settings = settings.withData(data);
      }
      if (jdbcUrl != null) {
        settings = settings.withJdbcUrl(jdbcUrl);
      }
      ClusterSettings.create(config); // checked here, so that a bad value is a usage error
    } catch (InvalidSettingException | ConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Service service;
    try {
      service = Service.start(settings, config);
    } catch (StartException | OutputException | InvalidSettingException | ConfigException e) {
      System.err.println("actors serve: " + e.getMessage());
      return 2;
    }
    handleSignals(service);
    System.out.println(
        "serving on http://" + hostForUrl(settings.host()) + ":" + service.address().getPort());
    System.out.flush();
    service.whenStopped().toCompletableFuture().join();
    CoordinatedShutdown.Reason reason =
        CoordinatedShutdown.get(service.system()).getShutdownReason().orElse(null);
    if (reason instanceof SignalReason || reason == CoordinatedShutdown.clusterLeavingReason()) {
      return 0; // asked to stop, by a signal or by the cluster: a success
    }
    // Removed from the cluster without asking (downed by the split-brain resolver, as when it
    // was cut off from most nodes): a service manager should see a failure and start it again.
    System.err.println(
        "actors serve: stopped: "
            + (reason == CoordinatedShutdown.clusterDowningReason()
                ? "the cluster downed this node (the others could not reach it)"
                : String.valueOf(reason)));
    return 1;
  }

  /** The cluster options as config keys of {@code actors.serve.cluster}. */
  private Config clusterOptions() {
    Map<String, Object> keys = new LinkedHashMap<>();
    if (cluster) {
      keys.put("actors.serve.cluster.enabled", true);
    }
    if (nodeHost != null) {
      keys.put("actors.serve.cluster.node-host", nodeHost);
    }
    if (nodePort != null) {
      keys.put("actors.serve.cluster.node-port", nodePort);
    }
    if (seedNodes != null) {
      keys.put("actors.serve.cluster.seed-nodes", seedNodes);
    }
    if (!cluster && !keys.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--node-host, --node-port and --seed-nodes go with --cluster");
    }
    return ConfigFactory.parseMap(keys);
  }

  private static void handleSignals(Service service) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            CoordinatedShutdown shutdown = CoordinatedShutdown.get(service.system());
            if (shutdown.getShutdownReason().isPresent()) {
              Runtime.getRuntime().halt(130);
            }
            LoggerFactory.getLogger(ServeCommand.class)
                .info("SIG{}: stopping (requests in flight finish first)", name);
            shutdown.runAll(new SignalReason("SIG" + name));
          });
    }
  }

  private static String hostForUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** Why the service stopped, as {@code CoordinatedShutdown} records it. */
  record SignalReason(String signal) implements CoordinatedShutdown.Reason {}
}
