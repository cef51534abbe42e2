package actors.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import scala.concurrent.Future;

/**
 * An in-memory journal whose next writes can be made to fail ({@link #failNext}), as a database
 * that goes away does: the entity writing then fails and restarts, and recovers from what was
 * written. Test code: a concurrent map of copy-on-write lists holds the events.
 *
 * <p>Config: {@code failing-journal { class = "actors.jobs.FailingJournal" }} as the journal plugin
 * ({@link #CONFIG}).
 */
public final class FailingJournal extends AsyncWriteJournal {

  public static final String CONFIG =
      """
      failing-journal.class = "actors.jobs.FailingJournal"
      pekko.persistence.journal.plugin = "failing-journal"
      pekko.persistence.snapshot-store.plugin = "pekko.persistence.no-snapshot-store"
      """;

  private static final Map<String, List<PersistentRepr>> EVENTS = new ConcurrentHashMap<>();
  private static final AtomicInteger FAILING = new AtomicInteger();

  /** The next {@code writes} writes fail, and nothing of them is kept. */
  public static void failNext(int writes) {
    FAILING.set(writes);
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> writes) {
    if (FAILING.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return Futures.failed(new IllegalStateException("the database went away (on purpose)"));
    }
    List<Optional<Exception>> results = new ArrayList<>();
    for (AtomicWrite write : writes) {
      EVENTS
          .computeIfAbsent(write.persistenceId(), id -> new CopyOnWriteArrayList<>())
          .addAll(scala.jdk.javaapi.CollectionConverters.asJava(write.payload()));
      results.add(Optional.empty());
    }
    return Futures.successful(results);
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    return Futures.successful(null);
  }

  @Override
  public Future<Void> doAsyncReplayMessages(
      String persistenceId,
      long fromSequenceNr,
      long toSequenceNr,
      long max,
      Consumer<PersistentRepr> replayCallback) {
    EVENTS.getOrDefault(persistenceId, List.of()).stream()
        .filter(e -> e.sequenceNr() >= fromSequenceNr && e.sequenceNr() <= toSequenceNr)
        .limit(max)
        .forEach(replayCallback);
    return Futures.successful(null);
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    List<PersistentRepr> events = EVENTS.getOrDefault(persistenceId, List.of());
    return Futures.successful(events.isEmpty() ? 0L : events.get(events.size() - 1).sequenceNr());
  }
}
