package actors.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The output directory of one run, held for the run's length: the bodies, the manifest, and the
 * run's own files, all beside the bodies so that every move into place is an atomic rename.
 *
 * <ul>
 *   <li>{@code .actors-lock} ({@link DirectoryLock}): locked while a run uses the directory,
 *       holding that run's pid. A second run into the same directory, in this process or another,
 *       is refused at {@link #open}, before it changes anything. Removed when the run ends.
 *   <li>{@code .actors-partial/}: bodies and the new manifest while they are written; what a killed
 *       run left there is removed by the next run, but for the bodies cut off part-way that can be
 *       continued ({@link Partials}). Removed when the run ends, if nothing is kept in it.
 *   <li>{@code manifest.index.jsonl}: every completed download ({@link Index}), for resume. Kept.
 * </ul>
 *
 * <p>After a run the directory holds the bodies, the manifest and the index, nothing else. {@link
 * #open} checks everything a run will need (directories that are files, paths that cannot be
 * written) and reports the first problem as one {@link OutputException}.
 */
public final class OutputDir implements AutoCloseable {

  /** Where stream stages writing into the directory run (Pekko's own FileIO stages run there). */
  static final String FILE_IO = "pekko.stream.materializer.blocking-io-dispatcher";

  private final Path dir;
  private final Path manifest;
  private final DirectoryLock lock;

  private OutputDir(Path dir, Path manifest, DirectoryLock lock) {
    this.dir = dir;
    this.manifest = manifest;
    this.lock = lock;
  }

  /**
   * Opens {@code dir} for one run writing {@code manifest}: checks everything first, then takes the
   * lock, then creates what is missing. A refusal leaves the directory as it was (but for OUT
   * itself, created if it was missing).
   */
  public static OutputDir open(Path dir, Path manifest) {
    Path out = dir.toAbsolutePath().normalize();
    Path manifestPath = manifest.toAbsolutePath().normalize();
    directory(out);
    check(out, manifestPath);
    OutputDir opened = new OutputDir(out, manifestPath, DirectoryLock.take(out));
    try {
      directory(opened.partialDir());
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    return opened;
  }

  /** What would make the run fail later, found before anything is changed. */
  private static void check(Path out, Path manifest) {
    if (!Files.isWritable(out)) {
      throw new OutputException(out, "not writable");
    }
    Path partial = out.resolve(".actors-partial");
    if (Files.exists(partial, LinkOption.NOFOLLOW_LINKS)
        && !Files.isDirectory(partial, LinkOption.NOFOLLOW_LINKS)) {
      throw new OutputException(partial, "is not a directory (a file or a link): remove it");
    }
    plainFileOrNothing(out.resolve(".actors-lock"));
    plainFileOrNothing(out.resolve("manifest.index.jsonl"));
    plainFileOrNothing(manifest);
    if (manifest.equals(out.resolve("manifest.index.jsonl"))
        || manifest.equals(out.resolve(".actors-lock"))
        || manifest.startsWith(partial)) {
      throw new OutputException(manifest, "is one of the run's own files: name another manifest");
    }
    Path manifestDir = manifest.getParent();
    directory(manifestDir);
    if (!Files.isWritable(manifestDir)) {
      throw new OutputException(manifestDir, "not writable");
    }
    if (Files.exists(manifest) && !Files.isWritable(manifest)) {
      throw new OutputException(manifest, "not writable");
    }
  }

  /** Refuses a path that is a directory, a link or a device, where the run wants a file. */
  private static void plainFileOrNothing(Path path) {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new OutputException(path, "is a directory, not a file");
    }
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new OutputException(
          path, "is not a regular file (a link, a device or a pipe): the run replaces this file");
    }
  }

  /** Where the bodies go. */
  public Path dir() {
    return dir;
  }

  /** The run's manifest: replaced, atomically, once the run's manifest is complete. */
  public Path manifest() {
    return manifest;
  }

  /** Temporary files live here until complete. */
  public Path partialDir() {
    return dir.resolve(".actors-partial");
  }

  /** The completed downloads of every run into this directory. */
  Path index() {
    return dir.resolve("manifest.index.jsonl");
  }

  /** Removes {@link #partialDir} if it is empty; the next run cleans what is left. */
  void removePartialDir() {
    try {
      Files.deleteIfExists(partialDir());
    } catch (IOException notEmpty) {
      // A body being deleted concurrently; the next run removes it.
    }
  }

  /** Releases the lock, and removes its file: another run may use the directory. Idempotent. */
  @Override
  public void close() {
    removePartialDir();
    lock.release();
  }

  private static void directory(Path path) {
    if (Files.isSymbolicLink(path) && !Files.exists(path)) {
      throw new OutputException(path, "is a link to nothing");
    }
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path)) {
      throw new OutputException(path, "is a file, not a directory");
    }
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw new OutputException(path, e);
    }
  }
}
