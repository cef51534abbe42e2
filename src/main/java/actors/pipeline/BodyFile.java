package actors.pipeline;

import actors.support.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.pekko.util.ByteString;

/**
 * One body on its way to disk: each chunk hashed (SHA-256) and written to its part file in the
 * partial directory, moved into place (an atomic rename) only when complete and as long as it was
 * announced. Used by one thread at a time (the body's stream, then the task that completes it).
 *
 * <p>Three ways to start ({@link Start}): a new part file nobody else knows ({@code
 * NAME.RANDOM.part}, deleted on any failure, as for every body before partials were kept); a part
 * file that may be continued ({@code NAME.part}, its {@link Partials.Description} written before
 * the first byte, kept on a failure with the bytes it has); or the bytes of such a file continued
 * after a 206 (the file's first bytes read again into the digest, so that it covers the whole
 * file).
 */
final class BodyFile {

  /** How the part file begins. */
  sealed interface Start {}

  /** A new part file, deleted on failure. */
  record Fresh() implements Start {}

  /** A new part file that is kept on failure, described so. */
  record Keepable(Partials.Description description) implements Start {}

  /** An existing part file of {@code bytes}, continued. */
  record Continued(long bytes) implements Start {}

  /** The response's status and validators, for the {@link BodyWriter.Written} it becomes. */
  record Head(int status, String etag, String lastModified) {}

  private final Path part;
  private final Placement placement;
  private final OptionalLong expected;
  private final String expectedSha256;
  private final Head head;
  private final Start start;
  private final Continuation continuation;
  private final Consumer<PipelineEvent.Received> progress;
  private final MessageDigest sha256 = Sha256.create();
  private FileChannel channel;
  private long bytes;
  // Not to be continued: its bytes are not the body's (a wrong digest, too many), or the disk
  // failed under it (a full disk would stay full).
  private boolean spoiled;

  BodyFile(
      Path part,
      Placement placement,
      OptionalLong expected,
      String expectedSha256,
      Head head,
      Start start,
      Continuation continuation,
      Consumer<PipelineEvent.Received> progress) {
    this.part = part;
    this.placement = placement;
    this.expected = expected;
    this.expectedSha256 = expectedSha256;
    this.head = head;
    this.start = start;
    this.continuation = continuation;
    this.progress = progress;
  }

  BodyFile append(ByteString chunk) {
    try {
      if (channel == null) {
        open();
      }
      for (ByteBuffer buffer : chunk.getByteBuffers()) {
        sha256.update(buffer.duplicate());
        bytes += buffer.remaining();
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
      if (bytes / PipelineEvent.RECEIVED_EVERY
          != (bytes - chunk.size()) / PipelineEvent.RECEIVED_EVERY) {
        progress.accept(
            new PipelineEvent.Received(
                null, bytes, expected.isPresent() ? expected.getAsLong() : -1));
      }
    } catch (IOException e) {
      spoiled = true; // a full disk, say: keeping the part would keep it full
      throw writeFailed("cannot write " + part, e);
    }
    return this;
  }

  private void open() throws IOException {
    if (start instanceof Keepable keepable) {
      // A new file, never an old one truncated: a kill -9 right after a remote name was linked to
      // the part would leave the part as that placed file, which truncating would destroy.
      Files.deleteIfExists(part);
      Partials.describe(part, keepable.description()); // first: kill -9 may come any time
      channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } else if (start instanceof Continued continued) {
      if (Files.size(part) != continued.bytes()) {
        spoiled = true;
        throw new IOException("the partial changed size since it was found");
      }
      try (InputStream in = Files.newInputStream(part)) { // the digest covers the whole file
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
          sha256.update(buffer, 0, n);
        }
      }
      bytes = continued.bytes();
      channel = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } else {
      channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }

  BodyWriter.Written complete() {
    if (expected.isPresent() && expected.getAsLong() != bytes) {
      spoiled = bytes > expected.getAsLong();
      throw Failure.raise(
          Failure.of(
              ErrorCode.TRUNCATED,
              "body truncated: " + bytes + " of " + expected.getAsLong() + " bytes"));
    }
    String digest = Sha256.hex(sha256);
    if (expectedSha256 != null && !expectedSha256.equals(digest)) {
      spoiled = true;
      throw Failure.raise(
          Failure.of(
              ErrorCode.CHECKSUM_MISMATCH,
              "the body's SHA-256 is " + digest + ", the line asked for " + expectedSha256));
    }
    String file;
    try {
      if (channel == null) {
        append(ByteString.emptyByteString()); // an empty body is an empty file
      }
      channel.close();
      file = placement.place(part);
    } catch (IOException e) {
      spoiled = true;
      throw writeFailed("cannot move the body into place", e);
    }
    if (!(start instanceof Fresh)) {
      Partials.forget(part); // its description: the part itself is in place now
    }
    return new BodyWriter.Written(
        bytes, digest, head.status(), head.etag(), head.lastModified(), file);
  }

  /**
   * After a failure: a part file that may be continued and has bytes is kept (the next attempt or
   * run asks for the rest); any other is deleted.
   */
  void discard() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // Closing a file written to: nothing to lose that the next attempt does not fetch again.
    }
    boolean keep =
        start instanceof Keepable ? !spoiled && bytes > 0 : start instanceof Continued && !spoiled;
    if (keep) {
      continuation.kept();
    } else if (start instanceof Fresh) {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // The next run removes what is left in the partial directory.
      }
    } else {
      Partials.forget(part);
      continuation.forgotten();
    }
  }

  private static Failure.Raised writeFailed(String what, IOException e) {
    return Failure.raise(
        Failure.of(ErrorCode.WRITE_FAILED, what + ": " + OutputException.reason(e)));
  }
}
