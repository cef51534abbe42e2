package actors.pipeline;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Records a run's outcomes: every one in the new manifest, every completed download in the {@link
 * Index} at once. The new manifest is written in the partial directory and moved over the old one
 * (an atomic rename) only when it holds every line: until then the previous manifest stays as it
 * was, whatever stops the run — a signal, {@code kill -9}, a full disk.
 *
 * <p>A write that fails (a full disk, say) does not fail the stream: the writer stops writing,
 * keeps the first error, and calls {@code onFailure} (the run cancels itself); {@link #finish} then
 * leaves the previous manifest in place and returns the error. Owned by one stream stage.
 */
final class ManifestWriter {

  /**
   * Where the writer runs: a thread of its own ({@code application.conf}), so that its small,
   * ordered writes never queue behind the bodies being written on the blocking dispatcher.
   */
  static final String DISPATCHER = "actors.manifest-dispatcher";

  private final OutputDir output;
  private final Resume resume;
  private final Index index;
  private final Path draft;
  private final FileChannel channel;
  private final OutputStream lines;
  private final Runnable onFailure;
  private String problem;

  private ManifestWriter(
      OutputDir output,
      Resume resume,
      Index index,
      Path draft,
      FileChannel channel,
      Runnable onFailure) {
    this.output = output;
    this.resume = resume;
    this.index = index;
    this.draft = draft;
    this.channel = channel;
    this.lines = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
    this.onFailure = onFailure;
  }

  /** A writer for one run into {@code output}, which {@link Resume} was read from. */
  static ManifestWriter open(OutputDir output, Resume resume, Index index, Runnable onFailure)
      throws IOException {
    Path draft = output.partialDir().resolve("manifest.jsonl");
    // A new file, never one that is there: the partial directory was emptied at the start.
    FileChannel channel =
        FileChannel.open(
            draft,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    return new ManifestWriter(output, resume, index, draft, channel, onFailure);
  }

  /** A writer whose draft is {@code draft}, opened as it is: for tests (a full disk). */
  static ManifestWriter open(
      OutputDir output, Resume resume, Index index, Runnable onFailure, Path draft)
      throws IOException {
    FileChannel channel = FileChannel.open(draft, StandardOpenOption.WRITE);
    return new ManifestWriter(output, resume, index, draft, channel, onFailure);
  }

  /** Records {@code outcome}; after a failed write, does nothing. */
  void write(Outcome outcome) {
    step(
        "cannot write " + output.manifest() + " (or the index beside it)",
        () -> {
          // Encoded once for both files: Jackson ran twice per completed body before.
          byte[] line = ManifestCodec.encode(outcome);
          if (outcome.status() == Outcome.Status.OK
              || (outcome.status() == Outcome.Status.SKIPPED && !resume.indexed(outcome.url()))) {
            index.append(line);
          }
          lines.write(line);
        });
  }

  /**
   * Writes the lines buffered so far to the draft (lines are buffered, 64 KiB, for speed): the
   * pipeline calls it when no line has ended for a moment, so that a reader of the draft ({@code
   * actors serve}'s {@code GET /jobs/{id}/manifest}) sees every line that has ended by then.
   */
  void flush() {
    step("cannot write " + output.manifest(), lines::flush);
  }

  /**
   * Puts the complete manifest in place; returns the problem if the run could not be recorded (and
   * the previous manifest was left as it was).
   */
  Optional<String> finish() {
    step(
        "cannot write " + output.manifest(),
        () -> {
          lines.flush();
          channel.force(true);
          channel.close();
        });
    step("cannot put the manifest in place at " + output.manifest(), this::install);
    closeQuietly();
    if (problem != null) {
      deleteDraft();
    }
    return Optional.ofNullable(problem);
  }

  private interface IoStep {
    void run() throws IOException;
  }

  /** Runs {@code step} unless a step failed before; a failure is kept as {@code what: reason}. */
  private void step(String what, IoStep step) {
    if (problem != null) {
      return;
    }
    try {
      step.run();
    } catch (IOException e) {
      problem = what + ": " + OutputException.reason(e);
      onFailure.run();
    }
  }

  /** The stream failed: the draft is dropped, the previous manifest stays. */
  void abandon() {
    closeQuietly();
    deleteDraft();
  }

  private void deleteDraft() {
    if (!draft.startsWith(output.partialDir())) {
      return; // a test's stand-in (a device): not ours to remove
    }
    try {
      Files.deleteIfExists(draft);
    } catch (IOException ignored) {
      // The next run removes what is left in the partial directory.
    }
  }

  private void install() throws IOException {
    try {
      Files.move(
          draft,
          output.manifest(),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException otherFileSystem) {
      // --manifest on another file system: copy beside it, then rename there.
      Path beside = output.manifest().resolveSibling(output.manifest().getFileName() + ".partial");
      try {
        Files.copy(draft, beside, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            beside,
            output.manifest(),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(beside);
        Files.deleteIfExists(draft);
      }
    }
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing after a failure: the first error is the one reported.
    }
    try {
      index.close();
    } catch (IOException ignored) {
      // The index is appended line by line: nothing is buffered here.
    }
  }
}
