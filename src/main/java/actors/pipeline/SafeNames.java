package actors.pipeline;

import actors.support.Sha256;
import java.net.URI;
import java.util.HexFormat;

/**
 * File names for downloaded bodies: readable, always a single plain name inside the output
 * directory, and different for different URLs.
 *
 * <p>The name is the URL's host and path with every character outside {@code [A-Za-z0-9._-]}
 * replaced by {@code _} (so no {@code /}, {@code \}, {@code ..} step or drive letter survives), cut
 * to a length every file system accepts, followed by 12 hex digits of the SHA-256 of the whole URL,
 * before the extension: {@code example.com_files_a-3f2a9c01b7de.txt}. The hash is what keeps two
 * URLs that sanitise alike apart; the host prefix means a name is never a bare device name such as
 * {@code CON} or {@code NUL}.
 */
public final class SafeNames {

  private static final int MAX_STEM = 100;

  private SafeNames() {}

  /** The file name for {@code url}. */
  public static String forUrl(URI url) {
    return forUrl(url, Sha256.of(url.toString()));
  }

  /** The file name for {@code url}, told apart from others by {@code sha256}, of its identity. */
  static String forUrl(URI url, byte[] sha256) {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    String stem = sanitize(url.getHost() + path);
    String extension = "";
    int dot = stem.lastIndexOf('.');
    int lastPart = Math.max(stem.lastIndexOf('_'), 0);
    if (!path.isEmpty() && dot > lastPart && stem.length() - dot <= 10) {
      extension = stem.substring(dot);
      stem = stem.substring(0, dot);
    }
    stem = trim(stem);
    if (stem.length() > MAX_STEM) {
      stem = stem.substring(0, MAX_STEM);
    }
    return stem + "-" + HexFormat.of().formatHex(sha256, 0, 6) + extension;
  }

  private static String sanitize(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      out.append(plain || (c == '.' && i > 0 && text.charAt(i - 1) != '.') ? c : '_');
    }
    return out.toString();
  }

  /** No leading or trailing dots or underscores: no hidden files, no {@code ..}. */
  private static String trim(String stem) {
    int start = 0;
    int end = stem.length();
    while (start < end && (stem.charAt(start) == '.' || stem.charAt(start) == '_')) {
      start++;
    }
    while (end > start && (stem.charAt(end - 1) == '.' || stem.charAt(end - 1) == '_')) {
      end--;
    }
    return start == end ? "download" : stem.substring(start, end);
  }
}
