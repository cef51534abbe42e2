package actors.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;

/**
 * The output directory's index of completed downloads ({@code manifest.index.jsonl}): one manifest
 * line ({@link ManifestCodec}) per body, appended as the manifest writer records it, so that a
 * later run into the same directory knows it whatever that later run's input, and also after {@code
 * kill -9} or a full disk. The manifest describes one run; the index outlives runs.
 *
 * <p>Append-only while a run writes it; a line cut off by a crash is cut away when the next run
 * opens the index, so that an append never continues a torn line. Rewritten whole (beside, then
 * moved into place atomically) when most of its lines are obsolete. Owned by one run at a time (the
 * directory's lock) and, within a run, by one stream stage.
 */
final class Index implements AutoCloseable {

  private final Path file;
  private final Path partialDir;
  private FileChannel channel;

  private Index(Path file, Path partialDir, FileChannel channel) {
    this.file = file;
    this.partialDir = partialDir;
    this.channel = channel;
  }

  /** Opens the index of {@code output} for appending; cuts off a torn last line first. */
  static Index open(OutputDir output) throws IOException {
    return open(output.index(), output.partialDir());
  }

  /** The index at {@code file}, rewritten through {@code partialDir}: for tests, any file. */
  static Index open(Path file, Path partialDir) throws IOException {
    FileChannel channel = openForAppend(file);
    cutTornTail(channel);
    channel.position(channel.size());
    return new Index(file, partialDir, channel);
  }

  /**
   * Appends {@code line}, a completed download's {@linkplain ManifestCodec#encode manifest line}:
   * handed to the OS once this returns (so it survives {@code kill -9}; not forced to the device,
   * which a power cut could still lose).
   */
  void append(byte[] line) throws IOException {
    write(channel, line);
  }

  /** Replaces the whole index with {@code outcomes}, atomically. */
  void rewrite(Collection<Outcome> outcomes) throws IOException {
    Path fresh = partialDir.resolve("index.jsonl");
    try (FileChannel out =
        FileChannel.open(
            fresh,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      for (Outcome outcome : outcomes) {
        write(out, ManifestCodec.encode(outcome));
      }
      out.force(true);
    }
    channel.close();
    Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    channel = openForAppend(file);
    channel.position(channel.size());
  }

  private static FileChannel openForAppend(Path file) throws IOException {
    return FileChannel.open(
        file,
        StandardOpenOption.CREATE,
        StandardOpenOption.READ,
        StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS); // a link here is not ours to write through
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static void write(FileChannel channel, byte[] line) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(line);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Truncates the file after its last newline: what follows is a line a crash cut off. */
  private static void cutTornTail(FileChannel channel) throws IOException {
    long size = channel.size();
    long end = size;
    int step = 4096;
    ByteBuffer block = ByteBuffer.allocate(step);
    while (end > 0) {
      long start = Math.max(0, end - step);
      block.clear().limit((int) (end - start));
      while (block.hasRemaining() && channel.read(block, start + block.position()) >= 0) {
        // a file read may return fewer bytes than asked: read the block whole
      }
      for (int i = block.position() - 1; i >= 0; i--) {
        if (block.get(i) == '\n') {
          long keep = start + i + 1;
          if (keep < size) {
            channel.truncate(keep);
          }
          return;
        }
      }
      end = start;
    }
    if (size > 0) {
      channel.truncate(0); // not one complete line
    }
  }
}
