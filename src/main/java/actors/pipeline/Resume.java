package actors.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What earlier runs into the output directory completed: the {@code ok} and {@code skipped} lines
 * of its {@link Index} and of the previous manifest, whose file is still there with the recorded
 * size. Those URLs are {@code skipped}, not requested. A URL is matched by the line as written
 * (password masked).
 *
 * <p>Nothing in those files can stop a run: a line that cannot be read (not UTF-8, not JSON, a
 * number out of range, cut off) is skipped with a warning naming the file and the line, and only
 * complete lines whose file has the recorded size are trusted. The index is read first, then the
 * manifest (files written by a version that kept no index).
 */
final class Resume {

  private static final Logger log = LoggerFactory.getLogger(Resume.class);
  private static final int WARNINGS = 5;

  /** A completed body, and whether the index already records it. */
  private record Entry(Outcome outcome, boolean indexed) {}

  private final Map<String, Entry> done;
  private final long indexLines;

  private Resume(Map<String, Entry> done, long indexLines) {
    this.done = done;
    this.indexLines = indexLines;
  }

  /** Nothing completed before. */
  static Resume nothing() {
    return new Resume(Map.of(), 0);
  }

  /** Reads the index and the manifest of {@code output}, checking every file. */
  static Resume read(OutputDir output) throws IOException {
    Map<String, Entry> done = new HashMap<>();
    long[] indexLines = {0};
    readIfThere(
        output.index(),
        outcome -> {
          indexLines[0]++;
          keepIfThere(output.dir(), outcome, true, done);
        });
    readIfThere(
        output.manifest(),
        outcome -> {
          if (!done.containsKey(outcome.url())) {
            keepIfThere(output.dir(), outcome, false, done);
          }
        });
    return new Resume(done, indexLines[0]);
  }

  /** What an earlier run recorded for {@code url}, if its body is still in place. */
  Optional<Outcome> of(String url) {
    Entry entry = done.get(url);
    return entry == null ? Optional.empty() : Optional.of(entry.outcome());
  }

  /** The URL whose completed body is at {@code file}, if any. */
  Optional<String> urlOfBody(Path file, Path outDir) {
    return done.entrySet().stream()
        .filter(entry -> outDir.resolve(entry.getValue().outcome().file()).normalize().equals(file))
        .map(java.util.Map.Entry::getKey)
        .findFirst();
  }

  /** Whether the index already records {@code url} (else a skip should add it). */
  boolean indexed(String url) {
    Entry entry = done.get(url);
    return entry != null && entry.indexed();
  }

  /** True when most index lines are obsolete (superseded, or their files gone). */
  boolean indexWorthRewriting() {
    long live = done.values().stream().filter(Entry::indexed).count();
    return indexLines > 1000 && indexLines > 2 * live;
  }

  /** The index's live lines, for a rewrite. */
  Collection<Outcome> indexed() {
    return done.values().stream().filter(Entry::indexed).map(Entry::outcome).toList();
  }

  private static void readIfThere(Path file, Consumer<Outcome> each) throws IOException {
    if (!Files.isRegularFile(file)) {
      return;
    }
    long[] bad = {0};
    ManifestCodec.read(
        file,
        each,
        line -> {
          if (++bad[0] <= WARNINGS) {
            log.warn("{} line {} ignored: {}", file, line.number(), line.reason());
          }
        });
    if (bad[0] > WARNINGS) {
      log.warn("{}: {} more unreadable lines ignored", file, bad[0] - WARNINGS);
    }
  }

  private static void keepIfThere(
      Path outDir, Outcome outcome, boolean indexed, Map<String, Entry> done) {
    if (ManifestCodec.describesACompleteBody(outcome) && stillThere(outDir, outcome)) {
      done.put(outcome.url(), new Entry(outcome, indexed));
    } else if (indexed) {
      done.remove(outcome.url()); // a later line of the index supersedes an earlier one
    }
  }

  private static boolean stillThere(Path outDir, Outcome outcome) {
    try {
      Path file = outDir.resolve(outcome.file()).normalize();
      return file.startsWith(outDir)
          && Files.isRegularFile(file)
          && Files.size(file) == outcome.bytes();
    } catch (IOException | java.nio.file.InvalidPathException e) {
      return false;
    }
  }
}
