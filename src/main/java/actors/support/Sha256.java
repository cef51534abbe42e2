package actors.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest this project uses: for bodies, file names and URL fingerprints. */
public final class Sha256 {

  private Sha256() {}

  /** A fresh digest, to feed chunk by chunk. Not thread-safe: one per body. */
  public static MessageDigest create() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
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
}
