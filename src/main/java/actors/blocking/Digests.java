package actors.blocking;

import actors.support.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Work that must not run on an async runtime's threads (what Rust sends to {@code spawn_blocking}):
 * hashing (CPU) and reading a file (blocking IO). Plain blocking functions, meant to be run by an
 * {@link Offloader}.
 */
public final class Digests {

  private Digests() {}

  /** SHA-256 of {@code data}, as lower-case hex. CPU-bound. */
  public static String sha256(byte[] data) {
    return Sha256.hex(data);
  }

  /** SHA-256 of the file at {@code path}, read in 64 KiB blocks with blocking IO. */
  public static String sha256(Path path) throws IOException {
    MessageDigest digest = Sha256.create();
    byte[] block = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(path)) {
      for (int n = in.read(block); n >= 0; n = in.read(block)) {
        digest.update(block, 0, n);
      }
    }
    return Sha256.hex(digest);
  }
}
