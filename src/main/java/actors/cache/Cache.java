// One file of some 340 lines on purpose: the protocol, the LRU map, expiry and read-through loads
// all work on the one actor's state, and split apart they would each need the others' fields.
package actors.cache;

import actors.support.CborSerializable;
import actors.support.Stages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;

/**
 * Rust's {@code RwLock<HashMap<String, String>>} (Go's {@code sync.RWMutex} around a {@code map})
 * as an actor that owns its map: no lock, because only this actor ever touches the entries, one
 * message at a time.
 *
 * <p>Bounded: at most {@link CacheSettings#maxEntries()} entries; a put beyond it evicts the least
 * recently used entry (a get or a put is a use), and every eviction is counted in {@link Stats}.
 * With a {@link CacheSettings#timeToLive()}, an entry is removed that long after its last put, by a
 * timer per entry (so it expires on time under virtual time too, and a get never sees it).
 *
 * <p>Ordering: one caller's messages are handled in the order sent, so a {@link Get} sent after an
 * acknowledged {@link Put} sees that value (or a later one). Different callers interleave, as with
 * a lock.
 *
 * <p>Read-through ({@link #create(CacheSettings, CacheLoader)}): a get of a missing key starts the
 * loader and returns to other messages at once; the loader's stage comes back as a message ({@code
 * pipeToSelf}), so the actor never blocks and never touches its map from another thread. Gets of a
 * key already being loaded wait for that same load: one load per key, however many callers. A put
 * or delete during a load wins over it: the loaded value is not stored, and the waiters get the
 * current entry. A load that fails, or takes longer than {@link CacheSettings#loadTimeout()}, fails
 * every waiting get with {@link StatusReply#error}; nothing is cached, so the next get loads again.
 * An empty result is not cached either.
 *
 * <p>Overload: the mailbox is unbounded; callers bound themselves by waiting for replies (as {@link
 * CacheClient} does). Failure: nothing in the handlers is expected to throw; the default
 * supervision (stop) applies.
 *
 * <p>Keys and values are {@code String}s, as in the Go and Rust maps it replaces; a generic cache
 * would make every message generic, which costs more to read than it buys here.
 */
public final class Cache extends AbstractBehavior<Cache.Command> {

  /** The protocol, shared by {@link Cache} and {@link PartitionedCache}. */
  public sealed interface Command extends CborSerializable {}

  /** Replies with the key's value, or empty; fails only if a read-through load failed. */
  public record Get(String key, ActorRef<StatusReply<Optional<String>>> replyTo)
      implements Command {
    public Get {
      Objects.requireNonNull(key, "key");
    }
  }

  /** Sets {@code key} to {@code value}; the reply says it is stored. */
  public record Put(String key, String value, ActorRef<Done> replyTo) implements Command {
    public Put {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value (a cache holds no nulls; use Delete)");
    }
  }

  /** Removes {@code key}, if present; the reply says it is gone. */
  public record Delete(String key, ActorRef<Done> replyTo) implements Command {
    public Delete {
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * Replies with the number of entries. A single cache always succeeds; a partitioned one replies
   * with an error when a partition does not answer (a partial sum would be a wrong answer).
   */
  public record Size(ActorRef<StatusReply<Integer>> replyTo) implements Command {}

  /** Replies with the counters; as {@link Size}, an error when a partition does not answer. */
  public record GetStats(ActorRef<StatusReply<Stats>> replyTo) implements Command {}

  /** What the cache holds and has done since it started. */
  public record Stats(
      int size,
      long hits,
      long misses,
      long evictions,
      long expirations,
      long loads,
      long loadFailures)
      implements CborSerializable {

    /** The sum of two caches' counters: a partitioned cache's stats are its partitions' sum. */
    public Stats plus(Stats other) {
      return new Stats(
          size + other.size,
          hits + other.hits,
          misses + other.misses,
          evictions + other.evictions,
          expirations + other.expirations,
          loads + other.loads,
          loadFailures + other.loadFailures);
    }
  }

  private record Expire(String key) implements Command {}

  private record Loaded(String key, long loadId, Optional<String> value, Throwable failure)
      implements Command {}

  private record LoadTimedOut(String key, long loadId) implements Command {}

  private record ExpiryTimer(String key) {}

  private record LoadTimer(String key) {}

  /** A cache without a loader: a get of a missing key replies empty. */
  public static Behavior<Command> create(CacheSettings settings) {
    return create(settings, null);
  }

  /** A read-through cache: a get of a missing key loads it with {@code loader} (null: none). */
  public static Behavior<Command> create(CacheSettings settings, CacheLoader loader) {
    return Behaviors.setup(
        context -> Behaviors.withTimers(timers -> new Cache(context, timers, settings, loader)));
  }

  /** A load in flight and the gets waiting for it. */
  private static final class Load {
    final long id;
    final List<ActorRef<StatusReply<Optional<String>>>> waiters = new ArrayList<>();
    boolean superseded;

    Load(long id) {
      this.id = id;
    }
  }

  private final TimerScheduler<Command> timers;
  private final CacheSettings settings;
  private final CacheLoader loader;
  // Access order: iteration starts at the least recently used entry. Owned by this actor alone.
  private final LinkedHashMap<String, String> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Load> loading = new HashMap<>();
  private long nextLoadId;
  private long hits;
  private long misses;
  private long evictions;
  private long expirations;
  private long loads;
  private long loadFailures;

  private Cache(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      CacheSettings settings,
      CacheLoader loader) {
    super(context);
    this.timers = timers;
    this.settings = settings;
    this.loader = loader;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Get.class, this::onGet)
        .onMessage(Put.class, this::onPut)
        .onMessage(Delete.class, this::onDelete)
        .onMessage(Size.class, this::onSize)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessage(Expire.class, this::onExpire)
        .onMessage(Loaded.class, this::onLoaded)
        .onMessage(LoadTimedOut.class, this::onLoadTimedOut)
        .build();
  }

  private Behavior<Command> onGet(Get get) {
    String value = entries.get(get.key());
    if (value != null) {
      hits++;
      get.replyTo().tell(StatusReply.success(Optional.of(value)));
      return this;
    }
    misses++;
    if (loader == null) {
      get.replyTo().tell(StatusReply.success(Optional.empty()));
      return this;
    }
    Load load = loading.get(get.key());
    if (load == null) {
      load = startLoad(get.key());
    }
    load.waiters.add(get.replyTo());
    return this;
  }

  private Load startLoad(String key) {
    Load load = new Load(nextLoadId++);
    loading.put(key, load);
    loads++;
    CompletionStage<Optional<String>> result;
    try {
      result = loader.load(key);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    getContext()
        .pipeToSelf(
            result, (value, failure) -> new Loaded(key, load.id, nullToEmpty(value), failure));
    timers.startSingleTimer(
        new LoadTimer(key), new LoadTimedOut(key, load.id), settings.loadTimeout());
    return load;
  }

  private static Optional<String> nullToEmpty(Optional<String> value) {
    return value == null ? Optional.empty() : value;
  }

  private Behavior<Command> onLoaded(Loaded loaded) {
    Load load = loading.get(loaded.key());
    if (load == null || load.id != loaded.loadId()) {
      return this; // answered already: it timed out
    }
    loading.remove(loaded.key());
    timers.cancel(new LoadTimer(loaded.key()));
    if (loaded.failure() != null) {
      loadFailures++;
      getContext().getLog().debug("loading {} failed", loaded.key(), loaded.failure());
      replyAll(load, StatusReply.error(loadError(loaded.key(), loaded.failure())));
      return this;
    }
    if (!load.superseded && loaded.value().isPresent()) {
      store(loaded.key(), loaded.value().get());
    }
    // A put or delete during the load won: the waiters see what the cache holds now.
    Optional<String> current =
        load.superseded ? Optional.ofNullable(entries.get(loaded.key())) : loaded.value();
    replyAll(load, StatusReply.success(current));
    return this;
  }

  private Behavior<Command> onLoadTimedOut(LoadTimedOut timedOut) {
    Load load = loading.get(timedOut.key());
    if (load != null && load.id == timedOut.loadId()) {
      loading.remove(timedOut.key());
      loadFailures++;
      replyAll(
          load,
          StatusReply.error(
              "loading \""
                  + timedOut.key()
                  + "\" took longer than "
                  + settings.loadTimeout().toMillis()
                  + " ms (actors.cache.load-timeout)"));
    }
    return this;
  }

  private static String loadError(String key, Throwable failure) {
    return "loading \"" + key + "\" failed: " + Stages.cause(failure);
  }

  private static void replyAll(Load load, StatusReply<Optional<String>> reply) {
    for (ActorRef<StatusReply<Optional<String>>> waiter : load.waiters) {
      waiter.tell(reply);
    }
  }

  private Behavior<Command> onPut(Put put) {
    store(put.key(), put.value());
    supersedeLoad(put.key());
    put.replyTo().tell(Done.getInstance());
    return this;
  }

  private void store(String key, String value) {
    entries.put(key, value);
    if (settings.expires()) {
      // Same key: the previous timer is cancelled, and its message dropped even if already queued.
      timers.startSingleTimer(new ExpiryTimer(key), new Expire(key), settings.timeToLive());
    }
    if (entries.size() <= settings.maxEntries()) {
      return;
    }
    Iterator<Map.Entry<String, String>> eldest = entries.entrySet().iterator();
    while (entries.size() > settings.maxEntries()) {
      String evicted = eldest.next().getKey();
      eldest.remove();
      timers.cancel(new ExpiryTimer(evicted));
      evictions++;
    }
  }

  private void supersedeLoad(String key) {
    Load load = loading.get(key);
    if (load != null) {
      load.superseded = true;
    }
  }

  private Behavior<Command> onDelete(Delete delete) {
    if (entries.remove(delete.key()) != null && settings.expires()) {
      timers.cancel(new ExpiryTimer(delete.key()));
    }
    supersedeLoad(delete.key());
    delete.replyTo().tell(Done.getInstance());
    return this;
  }

  private Behavior<Command> onExpire(Expire expire) {
    if (entries.remove(expire.key()) != null) {
      expirations++;
    }
    return this;
  }

  private Behavior<Command> onSize(Size size) {
    size.replyTo().tell(StatusReply.success(entries.size()));
    return this;
  }

  private Behavior<Command> onGetStats(GetStats get) {
    get.replyTo()
        .tell(
            StatusReply.success(
                new Stats(
                    entries.size(), hits, misses, evictions, expirations, loads, loadFailures)));
    return this;
  }
}
