package actors.support;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One actor per entity id, started on its first message: a counter per name, the same shape as
 * Cluster Sharding's entities (an id and a message in an envelope, the entity started on demand) on
 * one node. Routes tell the directory, the directory forwards to the entity, and the entity answers
 * the route's {@code replyTo} directly: one hop more than a direct reference, no ask between
 * actors.
 *
 * <p>Ordering: messages to one entity arrive in the order the directory got them. Failure: an
 * entity that stops (its supervisor gave up) is forgotten; the next message for its id starts a new
 * one, which for a persistent entity means a recovery from the journal. Entities are not
 * passivated: one lives per id seen since the start, as Cluster Sharding would keep them without
 * its idle timeout.
 *
 * @param <C> the entities' protocol
 */
public final class EntityDirectory<C> {

  /** What the directory handles. */
  public sealed interface Command<C> {}

  /** {@code message} for the entity {@code id}. */
  public record Deliver<C>(String id, C message) implements Command<C> {}

  private record Stopped<C>(String id, ActorRef<C> entity) implements Command<C> {}

  private EntityDirectory() {}

  /**
   * A directory of entities made by {@code factory} from their id, named {@code prefix + id} (ids
   * are checked before they get here: the service allows only RFC 3986 unreserved characters).
   */
  public static <C> Behavior<Command<C>> create(
      String prefix, Function<String, Behavior<C>> factory) {
    return Behaviors.setup(
        context -> {
          Map<String, ActorRef<C>> entities = new HashMap<>();
          return Behaviors.<Command<C>>receive(
              (ctx, command) -> {
                if (command instanceof Deliver<C> deliver) {
                  ActorRef<C> entity =
                      entities.computeIfAbsent(
                          deliver.id(),
                          id -> {
                            ActorRef<C> started = ctx.spawn(factory.apply(id), prefix + id);
                            ctx.watchWith(started, new Stopped<>(id, started));
                            return started;
                          });
                  entity.tell(deliver.message());
                } else if (command instanceof Stopped<C> stopped) {
                  entities.remove(stopped.id(), stopped.entity());
                }
                return Behaviors.same();
              });
        });
  }
}
