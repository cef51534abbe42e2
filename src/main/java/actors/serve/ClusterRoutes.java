package actors.serve;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import actors.support.Stages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /cluster}: this node's view of the cluster — itself, the leader, every member with its
 * status and whether it is reachable, and for each kind of sharded entity, which node holds which
 * shards and how many entities run there. The members come from the node's own gossip state (no
 * message sent); the shards from asking every node's shard region, so that answer can time out
 * (503). On a node started without {@code --cluster}, a 404 saying so.
 */
final class ClusterRoutes {

  private final ActorSystem<?> system;
  private final List<EntityTypeKey<?>> kinds;
  private final Duration timeout;

  /** Routes for a cluster node whose sharded entities are of {@code kinds}; null: no cluster. */
  ClusterRoutes(ActorSystem<?> system, List<EntityTypeKey<?>> kinds, Duration timeout) {
    this.system = system;
    this.kinds = kinds;
    this.timeout = timeout;
  }

  Route route() {
    return path("cluster", () -> get(() -> kinds == null ? notClustered() : describe()));
  }

  private static Route notClustered() {
    return complete(
        StatusCodes.NOT_FOUND,
        Map.of("error", "this node is not in a cluster (start it with --cluster)"),
        Json.marshaller());
  }

  private Route describe() {
    Cluster cluster = Cluster.get(system);
    ClusterEvent.CurrentClusterState state = cluster.state();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("self", cluster.selfMember().address().toString());
    answer.put("status", cluster.selfMember().status().toString());
    answer.put("leader", state.getLeader() == null ? null : state.getLeader().toString());
    List<Map<String, Object>> members = new ArrayList<>();
    for (Member member : state.getMembers()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("address", member.address().toString());
      entry.put("status", member.status().toString());
      entry.put("reachable", !state.getUnreachable().contains(member));
      entry.put("roles", new ArrayList<>(member.getRoles()));
      members.add(entry);
    }
    answer.put("members", members);
    return onSuccess(
        ApiErrors.named(shards(), "cluster shard locations"),
        shards -> {
          answer.put("shards", shards);
          return complete(StatusCodes.OK, answer, Json.marshaller());
        });
  }

  /** For each kind: node address -> its shard ids and entity count. */
  private CompletionStage<Map<String, Object>> shards() {
    ClusterSharding sharding = ClusterSharding.get(system);
    Map<String, Object> byKind = new LinkedHashMap<>();
    CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
    for (EntityTypeKey<?> kind : kinds) {
      CompletionStage<ShardRegion.ClusterShardingStats> stats =
          AskPattern.ask(
              sharding.shardState(),
              replyTo -> new GetClusterShardingStats(kind, timeout, replyTo),
              timeout.plusSeconds(1),
              system.scheduler());
      all =
          all.thenCombine(
              Stages.plain(stats),
              (ignored, answer) -> {
                byKind.put(kind.name(), regions(answer));
                return null;
              });
    }
    return all.thenApply(done -> byKind);
  }

  private static Map<String, Object> regions(ShardRegion.ClusterShardingStats stats) {
    Map<String, Object> regions = new TreeMap<>();
    stats
        .getRegions()
        .forEach(
            (address, region) -> {
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("shards", new TreeMap<>(region.getStats()).keySet());
              entry.put(
                  "entities", region.getStats().values().stream().mapToInt(n -> (Integer) n).sum());
              if (!region.getFailed().isEmpty()) {
                entry.put("unanswered", region.getFailed());
              }
              regions.put(address.toString(), entry);
            });
    return regions;
  }
}
