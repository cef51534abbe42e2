package actors.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The output directory of one run, held for the run's length: the bodies, the manifest, and the
 * run's own files, all beside the bodies so that every move into place is an atomic rename.
 *
 * <ul>
 *   <li>{@code .actors-lock}: locked ({@link FileChannel#tryLock}) while a run uses the directory,
 *       holding that run's pid. A second run into the same directory, in this process or another,
 *       is refused at {@link #open}, before it changes anything. Removed when the run ends (while
 *       still locked); a run that opened the old file just before finds out by reading back what it
 *       wrote, and opens the new one.
 *   <li>{@code .actors-partial/}: bodies and the new manifest while they are written; what a killed
 *       run left there is removed by the next run ({@link #clearLeftovers}). Removed when the run
 *       ends.
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

  /**
   * The directories this process holds, by real path. The OS lock belongs to the process, and on
   * POSIX closing any descriptor of the lock file drops it: so a second open inside this process is
   * refused here, before it opens the file at all.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final Path held;
  private final Path manifest;
  private final FileChannel lockFile;
  private final FileLock lock;

  private OutputDir(Path dir, Path held, Path manifest, FileChannel lockFile, FileLock lock) {
    this.dir = dir;
    this.held = held;
    this.manifest = manifest;
    this.lockFile = lockFile;
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
    Path held;
    try {
      held = out.toRealPath();
    } catch (IOException e) {
      throw new OutputException(out, e);
    }
    if (!HELD.add(held)) {
      throw new OutputException(out, "in use by another run in this process");
    }
    try {
      return lockAndPrepare(out, held, manifestPath);
    } catch (RuntimeException e) {
      HELD.remove(held);
      throw e;
    }
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

  private static OutputDir lockAndPrepare(Path out, Path held, Path manifestPath) {
    Path lockPath = out.resolve(".actors-lock");
    FileChannel channel = null;
    FileLock lock = null;
    // A run that ends removes its lock file: one that opened it just before then holds a lock on
    // a file no longer in the directory. The file's identity (device, inode) before opening and
    // after locking tells; such a run opens the new file. (Read, never opened a second time: on
    // POSIX, closing any descriptor of a file drops the process's lock on it.)
    for (int round = 0; round < 10 && lock == null; round++) {
      Object before = identity(lockPath);
      try {
        channel =
            FileChannel.open(
                lockPath,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        throw new OutputException(lockPath, e);
      }
      lock = lock(out, channel);
      Object after = identity(lockPath);
      if (before == null || after == null || !before.equals(after)) {
        release(channel);
        lock = null;
      }
    }
    if (lock == null) {
      throw new OutputException(out, "cannot lock " + lockPath + ": other runs keep starting");
    }
    writePid(channel);
    OutputDir opened = new OutputDir(out, held, manifestPath, channel, lock);
    try {
      directory(opened.partialDir());
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    return opened;
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

  /** Removes what a killed run left in {@link #partialDir}. */
  void clearLeftovers() throws IOException {
    try (Stream<Path> leftovers = Files.list(partialDir())) {
      for (Path leftover : (Iterable<Path>) leftovers::iterator) {
        Files.deleteIfExists(leftover);
      }
    }
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
    if (!lockFile.isOpen()) {
      return;
    }
    removePartialDir();
    try {
      Files.deleteIfExists(dir.resolve(".actors-lock"));
    } catch (IOException ignored) {
      // Left behind, the file is reused by the next run.
    }
    release(lockFile);
    HELD.remove(held);
  }

  private static FileLock lock(Path out, FileChannel channel) {
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
      String pid = holder(out.resolve(".actors-lock"));
      release(channel);
      throw new OutputException(
          out, "in use by another run" + (pid.isEmpty() ? "" : " (pid " + pid + ")"));
    } catch (OverlappingFileLockException e) {
      release(channel);
      throw new OutputException(out, "in use by another run in this process");
    } catch (IOException e) {
      release(channel);
      throw new OutputException(out, e);
    }
  }

  /** The pid the lock file names, or "". (Read by a run that does not hold the lock.) */
  private static String holder(Path lockFile) {
    try {
      return Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return "";
    }
  }

  /** The file's identity (device and inode on Unix), or null if there is none. */
  private static Object identity(Path file) {
    try {
      Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      return key != null ? key : "no file keys here"; // Windows: open files cannot be removed
    } catch (IOException e) {
      return null;
    }
  }

  private static void writePid(FileChannel channel) {
    try {
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
          0);
    } catch (IOException e) {
      // The pid only helps a second run name the holder; the lock is what counts.
    }
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

  private static void release(FileChannel channel) {
    try {
      channel.close(); // releases the lock too
    } catch (IOException ignored) {
      // Closing a lock file cannot lose data.
    }
  }
}
