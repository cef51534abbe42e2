package actors.support;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;

/**
 * Entities of one kind, reached by id: what a route needs of them, whether they live in one process
 * ({@link EntityDirectory}) or are spread over a cluster (Cluster Sharding). A route that asks
 * through this works unchanged on one node and on many: the template's way of adding nodes without
 * rewriting the service.
 *
 * <p>Guarantees are the weaker of the two, which a route must assume: messages from one sender to
 * one entity arrive in order; a message may be lost when the entity's node dies (an ask then fails
 * with its timeout, and the caller cannot know whether the entity acted on it).
 *
 * @param <C> the entities' protocol
 */
public interface Entities<C> {

  /** Sends {@code message} to entity {@code id}, starting the entity if it is not running. */
  void tell(String id, C message);

  /** Asks entity {@code id}; fails with a {@code TimeoutException} after {@code timeout}. */
  <R> CompletionStage<R> ask(String id, Function<ActorRef<R>, C> message, Duration timeout);

  /** As {@link #ask}, for a {@link StatusReply}: an error reply fails the stage with its cause. */
  <R> CompletionStage<R> askWithStatus(
      String id, Function<ActorRef<StatusReply<R>>, C> message, Duration timeout);

  /** Entities in this process, through {@code directory}. */
  static <C> Entities<C> local(
      ActorRef<EntityDirectory.Command<C>> directory, Scheduler scheduler) {
    return new Entities<>() {
      @Override
      public void tell(String id, C message) {
        directory.tell(new EntityDirectory.Deliver<>(id, message));
      }

      @Override
      public <R> CompletionStage<R> ask(
          String id, Function<ActorRef<R>, C> message, Duration timeout) {
        return AskPattern.ask(
            directory,
            replyTo -> new EntityDirectory.Deliver<>(id, message.apply(replyTo)),
            timeout,
            scheduler);
      }

      @Override
      public <R> CompletionStage<R> askWithStatus(
          String id, Function<ActorRef<StatusReply<R>>, C> message, Duration timeout) {
        return AskPattern.askWithStatus(
            directory,
            replyTo -> new EntityDirectory.Deliver<>(id, message.apply(replyTo)),
            timeout,
            scheduler);
      }
    };
  }

  /** Entities of {@code key} on the cluster (already {@code init}ialised with {@code sharding}). */
  static <C> Entities<C> sharded(ClusterSharding sharding, EntityTypeKey<C> key) {
    return new Entities<>() {
      @Override
      public void tell(String id, C message) {
        sharding.entityRefFor(key, id).tell(message);
      }

      @Override
      public <R> CompletionStage<R> ask(
          String id, Function<ActorRef<R>, C> message, Duration timeout) {
        return sharding.entityRefFor(key, id).ask(message::apply, timeout);
      }

      @Override
      public <R> CompletionStage<R> askWithStatus(
          String id, Function<ActorRef<StatusReply<R>>, C> message, Duration timeout) {
        return sharding.entityRefFor(key, id).askWithStatus(message::apply, timeout);
      }
    };
  }
}
