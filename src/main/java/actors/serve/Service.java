// One file of some 390 lines on purpose: the start-up order (lock, actor system, tables, actors,
// routes, bind, join) and the shutdown tasks it registers are what keep data safe, on one node and
// on a cluster; read in one place, they can be checked.
package actors.serve;

import actors.cache.CacheSettings;
import actors.cache.PartitionedCache;
import actors.counter.CounterEntity;
import actors.jobs.JobRegistry;
import actors.jobs.JobScheduler;
import actors.jobs.JobsSettings;
import actors.pipeline.DirectoryLock;
import actors.pipeline.OutputException;
import actors.support.Edge;
import actors.support.Entities;
import actors.support.EntityDirectory;
import actors.support.Stages;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.Dropped;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/**
 * {@code actors serve} as a library: starts the actor system, the database, the entities and the
 * HTTP server, and ties their stopping to Pekko's {@link CoordinatedShutdown}, the order Pekko
 * HTTP's graceful termination describes:
 *
 * <ol>
 *   <li>{@code before-service-unbind}: readiness turns 503, so a load balancer stops sending;
 *   <li>{@code service-unbind}: the port closes; no new connection is accepted;
 *   <li>{@code service-requests-done}: requests in flight get {@code drain-deadline} to finish; a
 *       new request on an open connection is answered 503 with {@code Connection: close};
 *   <li>then the actors stop, each persistent entity's last write already answered, and the
 *       database closes with the actor system.
 * </ol>
 *
 * <p>Start-up is checked before anything is served: the data directory is created and locked (a
 * second server on it is refused, naming the first one's pid), the database is opened and its
 * tables created if missing; any failure is a {@link StartException} or an {@link OutputException}
 * with one line saying why, and the actor system is stopped again.
 */
public final class Service {

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final Entities<CounterEntity.Command> counters;
  private final CompletionStage<Done> stopped;

  private Service(
      ActorSystem<Void> system,
      ServerBinding binding,
      Entities<CounterEntity.Command> counters,
      CompletionStage<Done> stopped) {
    this.system = system;
    this.binding = binding;
    this.counters = counters;
    this.stopped = stopped;
  }

  /** The counters, for tests that set a counter up without going through HTTP. */
  Entities<CounterEntity.Command> counters() {
    return counters;
  }

  /** The address the server listens on (the real port when {@code settings.port()} is 0). */
  public InetSocketAddress address() {
    return binding.localAddress();
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /**
   * Runs the coordinated shutdown (as SIGTERM does); completes when the system has stopped and the
   * data directory is free for the next server.
   */
  public CompletionStage<Done> stop() {
    return CoordinatedShutdown.get(system)
        .runAll(CoordinatedShutdown.unknownReason())
        .thenCompose(done -> stopped);
  }

  /** Completes when the service has stopped, however the stop began, and the data is free. */
  public CompletionStage<Done> whenStopped() {
    return stopped;
  }

  /** Starts the service; returns once it is ready and serving. */
  public static Service start(ServeSettings settings, Config config) throws Exception {
    ClusterSettings cluster = ClusterSettings.create(config);
    if (cluster.enabled() && settings.jdbcUrl().isEmpty()) {
      throw new StartException(
          "a cluster's nodes share one journal: give every node the same --jdbc-url"
              + " (jdbc:postgresql://HOST/DB, or on one machine jdbc:h2:file:/PATH/OF/THE/JOURNAL)");
    }
    DirectoryLock lock = lockData(settings);
    ActorSystem<Void> system;
    try {
      system =
          ActorSystem.create(
              Behaviors.empty(),
              ClusterSettings.SYSTEM_NAME,
              cluster
                  .overlay()
                  .withFallback(JdbcConfig.overlay(settings, cluster.enabled()))
                  .withFallback(
                      ConfigFactory.parseMap(
                          Map.of(
                              "pekko.actor.default-dispatcher.throughput",
                              config.getInt("actors.serve.dispatcher-throughput"),
                              // The drain runs in this phase: give it the deadline and a margin,
                              // or Pekko's 5 s default cuts requests off first.
                              "pekko.coordinated-shutdown.phases.service-requests-done.timeout",
                              settings.drainDeadline().plusSeconds(5).toMillis() + "ms")))
                  .withFallback(config));
    } catch (RuntimeException e) {
      lock.release();
      if (cluster.enabled() && causedBy(e, java.net.BindException.class)) {
        throw new StartException(
            "cannot listen for the other nodes on "
                + cluster.nodeHost()
                + ":"
                + cluster.nodePort()
                + ": the port is in use (--node-port)",
            e);
      }
      throw e;
    }
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addJvmShutdownHook(lock::release);
    CompletionStage<Done> stopped =
        system
            .getWhenTerminated()
            .thenApply(
                terminated -> {
                  lock.release();
                  return Done.getInstance();
                });
    try {
      return start(system, settings, cluster, config, shutdown, stopped);
    } catch (Exception | Error e) {
      system.terminate();
      Edge.await(stopped, Duration.ofSeconds(30));
      throw e;
    }
  }

  private static Service start(
      ActorSystem<Void> system,
      ServeSettings settings,
      ClusterSettings cluster,
      Config config,
      CoordinatedShutdown shutdown,
      CompletionStage<Done> stopped)
      throws Exception {
    Readiness readiness = new Readiness();
    shutdown.addTask(
        CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "readiness-503",
        () -> {
          readiness.stopping();
          return org.apache.pekko.pattern.Patterns.after(
              settings.unreadyDelay(),
              system.classicSystem().scheduler(),
              system.executionContext(),
              () -> CompletableFuture.completedFuture(Done.getInstance()));
        });
    createTables(system, settings, cluster);

    ServiceMetrics metrics = new ServiceMetrics();
    shutdown.addTask(
        CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "close-metrics",
        () -> {
          metrics.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    countDrops(system, metrics);

    CacheSettings cacheSettings = CacheSettings.create(config);
    Entities<CounterEntity.Command> counters;
    ActorRef<actors.cache.Cache.Command> cache;
    ShardedEntities sharded = null;
    if (cluster.enabled()) {
      sharded = ShardedEntities.init(system, settings, cluster, cacheSettings);
      counters = sharded.counters();
      cache = system.systemActorOf(sharded.cache(), "cache", Props.empty());
    } else {
      counters =
          Entities.local(
              system.systemActorOf(
                  EntityDirectory.create(
                      "counter-",
                      settings.durableCounters()
                          ? CounterEntity::durable
                          : name -> CounterEntity.inMemory()),
                  "counters",
                  Props.empty()),
              system.scheduler());
      cache = system.systemActorOf(PartitionedCache.create(cacheSettings), "cache", Props.empty());
    }

    Duration timeout = settings.askTimeout();
    CounterRoutes counterRoutes = new CounterRoutes(counters, timeout);
    CacheRoutes cacheRoutes =
        new CacheRoutes(
            cache,
            cacheSettings.maxEntries(),
            settings.maxValueBytes(),
            timeout,
            system.scheduler(),
            sharded == null ? null : sharded::cachePartitionRestarts);
    Route routes =
        Directives.concat(
            counterRoutes.route(),
            cacheRoutes.route(),
            cluster.enabled()
                ? ShardedEntities.jobs(system, settings, cluster, metrics)
                : startJobs(system, settings, config, metrics, shutdown),
            new ClusterRoutes(system, cluster.enabled() ? ShardedEntities.KINDS : null, timeout)
                .route(),
            readiness.route(),
            metrics.route());
    ServerBinding binding;
    try {
      binding =
          Edge.await(
              Http.get(system)
                  .newServerAt(settings.host(), settings.port())
                  .bind(
                      metrics.instrument(
                          new HotPaths(counterRoutes, cacheRoutes)
                              .before(
                                  routes
                                      .seal(ApiErrors.rejections(), ApiErrors.exceptions())
                                      .handler(system)))),
              Duration.ofSeconds(30));
    } catch (Exception e) {
      Throwable cause = Stages.cause(e);
      String reason = cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage();
      throw new StartException(
          "cannot listen on " + settings.host() + ":" + settings.port() + ": " + reason, cause);
    }
    binding.addToCoordinatedShutdown(settings.drainDeadline(), system);
    if (cluster.enabled()) {
      Membership.join(system, cluster, readiness);
    }
    readiness.ready();
    return new Service(system, binding, counters, stopped);
  }

  /** The download jobs: their scheduler, registry and routes, suspended on shutdown. */
  private static Route startJobs(
      ActorSystem<Void> system,
      ServeSettings settings,
      Config config,
      ServiceMetrics metrics,
      CoordinatedShutdown shutdown) {
    JobsSettings jobsSettings = JobsSettings.create(config);
    ActorRef<JobScheduler.Command> scheduler =
        system.systemActorOf(
            JobScheduler.create(jobsSettings.maxRunning(), metrics),
            "job-scheduler",
            Props.empty());
    ActorRef<JobRegistry.Command> registry =
        system.systemActorOf(
            JobRegistry.create(
                settings.data().toAbsolutePath().resolve("jobs"),
                scheduler,
                system.settings().config(),
                metrics),
            "job-registry",
            Props.empty());
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceStop(),
        "suspend-jobs",
        () ->
            AskPattern.<JobScheduler.Command, Done>ask(
                scheduler,
                replyTo -> new JobScheduler.SuspendAll(jobsSettings.suspendTimeout(), replyTo),
                jobsSettings.suspendTimeout().plusSeconds(1),
                system.scheduler()));
    JobSubmissions submissions =
        new JobSubmissions(
            settings.data().toAbsolutePath().resolve("jobs"),
            system.settings().config(),
            jobsSettings,
            system);

    return new JobRoutes(
            new LocalJobs(registry, submissions, settings.askTimeout(), system.scheduler()),
            submissions,
            system)
        .route(jobsSettings.maxListBytes());
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static DirectoryLock lockData(ServeSettings settings) {
    try {
      Files.createDirectories(settings.data());
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new StartException(settings.data() + ": is a file, not a directory", e);
    } catch (IOException e) {
      throw new StartException(
          settings.data() + ": cannot create the data directory: " + e.getMessage(), e);
    }
    return DirectoryLock.take(settings.data());
  }

  /**
   * The plugin's own table scripts for this database, each statement if its table is missing. On a
   * cluster the nodes start together and share the journal: one that finds no free connection (H2's
   * mixed mode while another node opens the file, a PostgreSQL still starting) tries again until
   * {@code join-timeout}; each try waits out the pool's connection timeout, so no sleep.
   */
  private static void createTables(
      ActorSystem<Void> system, ServeSettings settings, ClusterSettings cluster) {
    long deadline = System.nanoTime() + (cluster.enabled() ? cluster.joinTimeout().toNanos() : 0);
    String url = JdbcConfig.url(settings, cluster.enabled());
    while (true) {
      try {
        Edge.await(SchemaUtils.createIfNotExists(system), Duration.ofSeconds(60));
        return;
      } catch (Exception e) {
        Throwable cause = Stages.cause(e);
        Throwable root = cause;
        boolean noConnection = false;
        while (true) { // to the driver's reason (refused, unknown host, locked file)
          noConnection |= root instanceof java.sql.SQLTransientConnectionException;
          if (root.getCause() == null || root.getCause() == root) {
            break;
          }
          root = root.getCause();
        }
        String reason =
            String.valueOf(root.getMessage()).lines().findFirst().orElse(root.toString());
        if (noConnection && System.nanoTime() < deadline) {
          system.log().warn("the database {} does not answer yet ({}): trying again", url, reason);
          continue;
        }
        throw new StartException("the database " + url + " cannot be opened: " + reason, cause);
      }
    }
  }

  /** Dead letters and dropped messages, counted for {@code /metrics}. */
  private static void countDrops(ActorSystem<Void> system, ServiceMetrics metrics) {
    Behavior<Object> counting =
        Behaviors.receiveMessage(
            message -> {
              if (message instanceof Dropped) {
                metrics.dropped();
              } else {
                metrics.deadLetter();
              }
              return Behaviors.same();
            });
    ActorRef<Object> listener = system.systemActorOf(counting, "drop-counter", Props.empty());
    system.eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, listener.narrow()));
    system.eventStream().tell(new EventStream.Subscribe<>(Dropped.class, listener.narrow()));
  }
}
