package actors.serve;

import actors.support.Edge;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Several {@link Service}s of one cluster in this JVM: each its own actor system (same name, Artery
 * on 127.0.0.1 port 0), its own HTTP port and data directory, all on one H2 journal. Every message
 * is serialized as if it crossed nodes ({@code pekko.actor.serialize-messages = on}), so a message
 * that could not cross a real node fails here.
 */
final class TestCluster implements AutoCloseable {

  static final Config CONFIG =
      ConfigFactory.parseMap(
              Map.of(
                  "pekko.actor.serialize-messages", System.getProperty("serialize", "on"),
                  "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on",
                  // terminate() is then a crash, as kill -9 is (crash(i)): no leave, no hand-off.
                  "pekko.coordinated-shutdown.run-by-actor-system-terminate", "off",
                  "actors.serve.cluster.enabled", "on",
                  "actors.serve.cluster.node-port", "0"))
          .withFallback(TestService.CONFIG);

  private final Path dir;
  private final Config base;
  private final List<Service> nodes = new ArrayList<>();
  private final List<Client> clients = new ArrayList<>();
  private final List<Address> addresses = new ArrayList<>();

  private TestCluster(Path dir, Config base) {
    this.dir = dir;
    this.base = base;
  }

  /**
   * {@code n} nodes, each Up in every node's view when this returns; node 0 started the cluster.
   */
  static TestCluster start(Path dir, int n) throws Exception {
    return start(dir, n, ConfigFactory.empty());
  }

  /** As {@link #start(Path, int)}, with {@code config} over the test config on every node. */
  static TestCluster start(Path dir, int n, Config config) throws Exception {
    TestCluster cluster = new TestCluster(dir, config.withFallback(CONFIG));
    try {
      for (int i = 0; i < n; i++) {
        cluster.add();
      }
      cluster.awaitEveryoneSeesAllUp();
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Starts one more node, joining node 0; returns its index. */
  int add() throws Exception {
    int index = nodes.size();
    Config config = base;
    if (index > 0) {
      Address first = Cluster.get(nodes.get(0).system()).selfMember().address();
      config =
          ConfigFactory.parseMap(
                  Map.of(
                      "actors.serve.cluster.seed-nodes",
                      List.of(first.getHost().get() + ":" + first.getPort().get())))
              .withFallback(config);
    }
    ServeSettings settings =
        ServeSettings.create(config)
            .withPort(0)
            .withData(dir.resolve("node-" + index))
            .withJdbcUrl("jdbc:h2:file:" + dir.resolve("journal").resolve("actors"));
    Service node = Service.start(settings, config);
    nodes.add(node);
    clients.add(new Client(node.address().getPort()));
    addresses.add(Cluster.get(node.system()).selfMember().address());
    return index;
  }

  /**
   * Until every node sees every node Up: a node is Up in its own view first, and the others learn
   * it by gossip a moment later (a test that asked at once saw "Joining", once, in CI).
   */
  private void awaitEveryoneSeesAllUp() {
    awaitEveryView(
        Duration.ofSeconds(60),
        "every member to be Up in every view",
        state -> {
          int up = 0;
          for (Member m : state.getMembers()) {
            up += m.status().equals(MemberStatus.up()) ? 1 : 0;
          }
          return up == nodes.size();
        });
  }

  /**
   * Until {@code holds} is true of the membership as every running node sees it, waiting at most
   * {@code within} for each; fails with every node's view ({@link #views()}).
   */
  private void awaitEveryView(
      Duration within, String what, Predicate<ClusterEvent.CurrentClusterState> holds) {
    for (int n = 0; n < nodes.size(); n++) {
      if (stopped(n)) {
        continue;
      }
      Cluster view = Cluster.get(nodes.get(n).system());
      TestProbe.create(nodes.get(n).system())
          .awaitAssert(
              within,
              Duration.ofMillis(200),
              () -> {
                if (!holds.test(view.state())) {
                  throw new AssertionError("waited " + within + " for " + what + "; " + views());
                }
                return null;
              });
    }
  }

  Service node(int i) {
    return nodes.get(i);
  }

  Client client(int i) {
    return clients.get(i);
  }

  int size() {
    return nodes.size();
  }

  Address address(int i) {
    return addresses.get(i);
  }

  /**
   * Until every node still running has removed node {@code i}, which has stopped, from its
   * membership (downed by the split-brain resolver, then removed once the others agree): from then
   * on its shards can start elsewhere. Fails after {@code within} with every node's view.
   */
  void awaitRemoved(int i, Duration within) {
    Address gone = address(i);
    awaitEveryView(
        within,
        "node " + i + " to be removed",
        state -> {
          for (Member m : state.getMembers()) {
            if (m.address().equals(gone)) {
              return false;
            }
          }
          return true;
        });
  }

  /**
   * What each node sees, on one line, for a failure message: e.g. {@code node 0 [leader 0] 0=Up
   * 1=Up 2=Up(unreachable); node 1 ...; node 2 stopped}.
   */
  String views() {
    StringBuilder all = new StringBuilder();
    for (int n = 0; n < nodes.size(); n++) {
      all.append(n == 0 ? "" : "; ").append("node ").append(n);
      if (stopped(n)) {
        all.append(" stopped");
        continue;
      }
      ClusterEvent.CurrentClusterState state = Cluster.get(nodes.get(n).system()).state();
      Address leader = state.getLeader();
      all.append(" [leader ").append(leader == null ? "none" : name(leader)).append(']');
      for (Member m : state.getMembers()) {
        all.append(' ').append(name(m.address())).append('=').append(m.status());
        if (state.getUnreachable().contains(m)) {
          all.append("(unreachable)");
        }
      }
    }
    return all.toString();
  }

  private boolean stopped(int n) {
    return nodes.get(n).whenStopped().toCompletableFuture().isDone();
  }

  /** A node's index in this cluster, or its address if it is not one of ours. */
  private String name(Address address) {
    int index = addresses.indexOf(address);
    return index >= 0 ? String.valueOf(index) : address.toString();
  }

  /**
   * Node {@code i} dies, as with {@code kill -9}: its actor system stops without leaving the
   * cluster, so the others find it unreachable and the split-brain resolver downs it. (Downing a
   * node that still runs races its own shutdown: it can quarantine a survivor, which then downs
   * itself.) Returns once node {@code i} has stopped; the others take a while to notice.
   */
  void crash(int i) throws Exception {
    nodes.get(i).system().terminate();
    Edge.await(nodes.get(i).whenStopped(), Duration.ofSeconds(60));
  }

  /** Node {@code i} leaves gracefully (SIGTERM's path); returns once it has stopped. */
  void leave(int i) throws Exception {
    Edge.await(nodes.get(i).stop(), Duration.ofSeconds(60));
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    for (int i = nodes.size() - 1; i >= 0; i--) {
      try {
        Edge.await(nodes.get(i).stop(), Duration.ofSeconds(60));
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
