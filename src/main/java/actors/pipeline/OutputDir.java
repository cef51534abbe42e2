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
import java.util.stream.Stream;

/**
 * The output directory of one run, held for the run's length: the bodies, the manifest, and the
 * run's own files, all beside the bodies so that every move into place is an atomic rename.
 *
 * <ul>
 *   <li>{@code .actors-lock}: locked ({@link FileChannel#tryLock}) while a run uses the directory,
 *       holding that run's pid. A second run into the same directory, in this process or another,
 *       is refused at {@link #open}, before it changes anything. The file stays: deleting a lock
 *       file races with the next run opening it.
 *   <li>{@code .actors-partial/}: bodies and the new manifest while they are written; what a killed
 *       run left there is removed by the next run ({@link #clearLeftovers}).
 *   <li>{@code .actors-index.jsonl}: every completed download ({@link Index}), for resume.
 * </ul>
 *
 * <p>{@link #open} checks everything a run will need (directories that are files, paths that cannot
 * be written) and reports the first problem as one {@link OutputException}.
 */
public final class OutputDir implements AutoCloseable {

  /** Where stream stages writing into the directory run (Pekko's own FileIO stages run there). */
  static final String FILE_IO = "pekko.stream.materializer.blocking-io-dispatcher";

  private final Path dir;
  private final Path manifest;
  private final FileChannel lockFile;
  private final FileLock lock;

  private OutputDir(Path dir, Path manifest, FileChannel lockFile, FileLock lock) {
    this.dir = dir;
    this.manifest = manifest;
    this.lockFile = lockFile;
    this.lock = lock;
  }

  /** Opens {@code dir} for one run writing {@code manifest}; creates what is missing. */
  public static OutputDir open(Path dir, Path manifest) {
    Path out = dir.toAbsolutePath().normalize();
    Path manifestPath = manifest.toAbsolutePath().normalize();
    directory(out);
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              out.resolve(".actors-lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new OutputException(out, e);
    }
    FileLock lock = lock(out, channel);
    try {
      if (!Files.isWritable(out)) {
        throw new OutputException(out, "not writable");
      }
      directory(out.resolve(".actors-partial"));
      notADirectory(out.resolve(".actors-index.jsonl"));
      notADirectory(manifestPath);
      Path manifestDir = manifestPath.getParent();
      directory(manifestDir);
      if (!Files.isWritable(manifestDir)) {
        throw new OutputException(manifestDir, "not writable");
      }
      if (Files.exists(manifestPath) && !Files.isWritable(manifestPath)) {
        throw new OutputException(manifestPath, "not writable");
      }
      writePid(channel);
    } catch (RuntimeException e) {
      release(channel);
      throw e;
    }
    return new OutputDir(out, manifestPath, channel, lock);
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
    return dir.resolve(".actors-index.jsonl");
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

  /** Releases the lock: another run may use the directory. */
  @Override
  public void close() {
    release(lockFile);
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

  private static String holder(Path lockFile) {
    try {
      return Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return "";
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
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path)) {
      throw new OutputException(path, "is a file, not a directory");
    }
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw new OutputException(path, e);
    }
  }

  private static void notADirectory(Path path) {
    if (Files.isDirectory(path)) {
      throw new OutputException(path, "is a directory, not a file");
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
