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

/**
 * One run's hold on a directory (a download's output, a server's data): {@code .actors-lock},
 * locked with {@link FileChannel#tryLock} and holding the run's pid, so that a second run into the
 * directory, in this process or another, is refused at once, naming the holder. Released, and the
 * file removed, by {@link #release}.
 *
 * <p>Three things about POSIX locks shape this class. The lock belongs to the process, so runs
 * within this process are told apart by a registry of the directories it holds ({@link #HELD}),
 * consulted before the file is even opened. Closing any descriptor of the file drops the lock, so
 * the file is never opened a second time while held (its identity is read with {@code stat}, not by
 * opening it). A run that ends removes the file: one that opened it just before holds a lock on a
 * file no longer in the directory, which comparing the file's identity (device, inode) before
 * opening and after locking tells; such a run opens the new file.
 *
 * @param file the lock file, {@code .actors-lock}
 * @param held the directory's real path, as {@link #HELD} has it
 * @param channel the lock file, open and locked
 */
public record DirectoryLock(Path file, Path held, FileChannel channel) {

  /** The directories this process holds, by real path. */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  /** Takes {@code dir}'s lock, or says who holds it. */
  public static DirectoryLock take(Path dir) {
    Path held;
    try {
      held = dir.toRealPath();
    } catch (IOException e) {
      throw new OutputException(dir, e);
    }
    if (!HELD.add(held)) {
      throw new OutputException(dir, "in use by another run in this process");
    }
    try {
      return open(dir, held);
    } catch (RuntimeException e) {
      HELD.remove(held);
      throw e;
    }
  }

  private static DirectoryLock open(Path dir, Path held) {
    Path file = dir.resolve(".actors-lock");
    for (int round = 0; round < 10; round++) {
      Object before = identity(file);
      FileChannel channel;
      try {
        channel =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        throw new OutputException(file, e);
      }
      lock(dir, channel);
      Object after = identity(file);
      if (before != null && before.equals(after)) {
        writePid(channel);
        return new DirectoryLock(file, held, channel);
      }
      close(channel); // the file changed under us (a run ending): take the new one
    }
    throw new OutputException(dir, "cannot lock " + file + ": other runs keep starting");
  }

  /** Removes the file, then lets the lock go. Idempotent. */
  public void release() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // Left behind, the file is reused by the next run.
    }
    close(channel);
    HELD.remove(held);
  }

  private static FileLock lock(Path dir, FileChannel channel) {
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
      String pid = holder(dir.resolve(".actors-lock"));
      close(channel);
      throw new OutputException(
          dir, "in use by another run" + (pid.isEmpty() ? "" : " (pid " + pid + ")"));
    } catch (OverlappingFileLockException e) {
      close(channel);
      throw new OutputException(dir, "in use by another run in this process");
    } catch (IOException e) {
      close(channel);
      throw new OutputException(dir, e);
    }
  }

  /** The pid the lock file names, or "". (Read by a run that does not hold the lock.) */
  private static String holder(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
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

  private static void close(FileChannel channel) {
    try {
      channel.close(); // releases the lock too
    } catch (IOException ignored) {
      // Closing a lock file cannot lose data.
    }
  }
}
