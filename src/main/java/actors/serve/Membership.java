package actors.serve;

import actors.support.Edge;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * A node's part in the cluster, as readiness sees it: not ready until the node is {@code Up}
 * (before that, a shard cannot be placed on it and its sharded asks would wait), and not ready
 * again once it starts leaving, however that began (SIGTERM, a {@code Leave} from elsewhere, a
 * split-brain resolver's decision).
 *
 * <p>Joining: with seed nodes ({@code --seed-nodes} or {@code pekko.cluster.seed-nodes}) Pekko
 * joins them itself; without, the node joins itself and is a new cluster of one, which others can
 * join. Start-up waits for {@code Up} at most {@code join-timeout}, then gives up with a {@link
 * StartException} naming the seeds (a node that can reach none of them would otherwise wait
 * forever, serving only 503s).
 */
final class Membership {

  private Membership() {}

  /** Joins the cluster and returns once this node is Up; readiness follows its membership. */
  static void join(ActorSystem<?> system, ClusterSettings settings, Readiness readiness)
      throws Exception {
    Cluster cluster = Cluster.get(system);
    CompletableFuture<Done> up = new CompletableFuture<>();
    org.apache.pekko.cluster.Cluster.get(system.classicSystem())
        .registerOnMemberUp(() -> up.complete(Done.getInstance()));
    system.systemActorOf(follow(cluster, readiness), "membership", Props.empty());
    if (system.settings().config().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    try {
      Edge.await(up, settings.joinTimeout());
    } catch (TimeoutException e) {
      throw new StartException(
          "not Up in the cluster within "
              + settings.joinTimeout().toSeconds()
              + " s: no seed node answered "
              + system.settings().config().getStringList("pekko.cluster.seed-nodes"),
          e);
    }
  }

  /** Turns readiness 503 when this node's own membership leaves Up. */
  private static Behavior<ClusterEvent.MemberEvent> follow(Cluster cluster, Readiness readiness) {
    return Behaviors.setup(
        context -> {
          cluster
              .subscriptions()
              .tell(new Subscribe<>(context.getSelf(), ClusterEvent.MemberEvent.class));
          return Behaviors.receiveMessage(
              event -> {
                MemberStatus status = event.member().status();
                if (event.member().uniqueAddress().equals(cluster.selfMember().uniqueAddress())
                    && status != MemberStatus.up()
                    && status != MemberStatus.weaklyUp()
                    && status != MemberStatus.joining()) {
                  readiness.stopping();
                }
                return Behaviors.same();
              });
        });
  }
}
