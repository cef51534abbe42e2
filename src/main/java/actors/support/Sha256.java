package actors.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest this project uses: for bodies, file names and URL fingerprints. */
public final class Sha256 {

  private Sha256() {}

  // Cloned, never used: a clone skips the provider lookup getInstance does (a reflective
  // constructor call), once per URL and once per body.
  private static final MessageDigest PROTOTYPE = lookUp();

  private static MessageDigest lookUp() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** A fresh digest, to feed chunk by chunk. Not thread-safe: one per body. */
  public static MessageDigest create() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) { // the JDK's own provider clones
      return lookUp();
    }
  }

  /** The 32 bytes of the digest of {@code text}, encoded as UTF-8. */
  public static byte[] of(String text) {
    return create().digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The digest of {@code data} as 64 lower-case hex digits. */
  public static String hex(byte[] data) {
    return HexFormat.of().formatHex(create().digest(data));
  }

  /** {@code digest} finished, as 64 lower-case hex digits. */
  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Hashes 1.8 MB (on a thread of its own, beside start-up), so that the JIT compiles SHA-256 into
   * its intrinsic (the CPU's SHA instructions, about 1.5 GB/s here) before the first body arrives.
   * Without it, the first seconds of a download command hash at the interpreter's and C1's speed
   * (under 100 MB/s) while start-up's own compilations hold the JIT's queue: a third of the CPU of
   * a cold run of 200 × 4 MiB went there (docs/BENCHMARKS.md, "Issue #15").
   *
   * <p>C2 makes the intrinsic of the code that calls the multi-block compression, once that code
   * has been called often enough: the number of calls decides, not the bytes. So the warm-up makes
   * many small updates along the paths bodies take (read-only heap buffers, as a ByteString hands
   * them out; whole blocks, part blocks; a new digest every few updates), and first loads the other
   * digests the JDK's TLS and random numbers load. Compiled code that has not seen a path, or that
   * assumed SHA-256 had no sibling class, is thrown away when either shows up (seen with {@code
   * -XX:+LogCompilation}), and the interpreter takes over again until the JIT has time.
   */
  public static void warmUp() {
    for (String sibling : new String[] {"SHA-224", "SHA-384", "SHA-512", "MD5"}) {
      instance(sibling);
    }
    MessageDigest sha1 = instance("SHA-1");
    ByteBuffer bytes = ByteBuffer.wrap(new byte[256]).asReadOnlyBuffer();
    // Each branch of DigestBase.engineUpdate: whole blocks; a rest kept; a kept rest filled, with
    // blocks, a rest or nothing after it; a rest that does not fill a block.
    int[] sizes = {64, 100, 200, 28, 4, 64};
    MessageDigest digest = create();
    for (int d = 0; d < WARM_UP_DIGESTS; d++) {
      // A new digest, or one used again after digest(); now and then SHA-1, used so by the JDK's
      // random numbers (the compiled code is shared by every digest of the JDK's provider).
      if (d % 4 == 3 && sha1 != null) {
        digest = sha1;
      } else if (d % 2 == 0) {
        digest = create();
      }
      for (int size : sizes) {
        digest.update(bytes.duplicate().limit(size));
      }
      digest.digest();
    }
  }

  /** The JDK's digest {@code algorithm}, or null if this JDK has none (nothing of it to load). */
  private static MessageDigest instance(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      return null;
    }
  }

  /**
   * 6 updates each: 24,000 calls, far above C2's invocation threshold (Tier4InvocationThreshold is
   * 5,000), 1.8 MB.
   */
  private static final int WARM_UP_DIGESTS = 4_000;
}
