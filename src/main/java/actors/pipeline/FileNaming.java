package actors.pipeline;

import actors.support.InvalidSettingException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a body's file is named inside OUT ({@code --names}):
 *
 * <ul>
 *   <li>{@code hash} (the default): {@code host_path-HASH.ext} ({@link SafeNames}), different for
 *       every URL by construction.
 *   <li>{@code remote}: the URL's last path segment, as {@code curl -O}, or the server's {@code
 *       Content-Disposition} filename when it sends one; {@code index.html} for a path ending in
 *       {@code /}. The query is not part of the name.
 *   <li>{@code tree}: host and path as directories, as {@code wget -x}: {@code
 *       example.com/files/a.txt}.
 * </ul>
 *
 * <p>Every name is made safe, one path segment at a time ({@link #safeSegment}): percent-decoded,
 * then separators, control and reserved characters become {@code _}; {@code .}, {@code ..}, a
 * leading dot (hidden files, our own {@code .actors-*}) and device names ({@code CON}, {@code NUL},
 * {@code COM1}, ...) get a {@code _} in front; a segment is cut to 200 bytes, its extension kept. A
 * name can therefore never leave OUT. Two URLs that come to one name, a name that is a file already
 * (one of ours, of an earlier run or a user's) or the manifest: the body that comes second takes
 * its {@code hash} name instead ({@link Placement}); nothing is ever overwritten but a URL's own
 * earlier file.
 */
public enum FileNaming {
  HASH,
  REMOTE,
  TREE;

  /** The longest segment, in UTF-8 bytes (file systems allow 255). */
  static final int MAX_SEGMENT = 200;

  private static final Set<String> DEVICES =
      Set.of(
          "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
          "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  /** {@code hash}, {@code remote} or {@code tree}; anything else names the key and the choices. */
  static FileNaming of(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          PipelineSettings.key("names"), "must be hash, remote or tree, not '" + text + "'");
    }
  }

  /** The name {@code url} asks for under this naming, relative to OUT ({@code /} between dirs). */
  String nameFor(URI url, String hashName) {
    if (this == HASH) {
      return hashName;
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      if (!segment.isEmpty()) {
        segments.add(safeSegment(decode(segment)));
      }
    }
    if (path.isEmpty() || path.endsWith("/")) {
      segments.add("index.html");
    }
    if (this == REMOTE) {
      return segments.get(segments.size() - 1);
    }
    String host = safeSegment(url.getHost() + (url.getPort() > 0 ? "_" + url.getPort() : ""));
    return host + "/" + String.join("/", segments);
  }

  private static final Pattern FILENAME_STAR =
      Pattern.compile("filename\\*\\s*=\\s*([^']*)'[^']*'([^;]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern FILENAME =
      Pattern.compile(
          "filename\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^;\\s]+)", Pattern.CASE_INSENSITIVE);

  /**
   * The file name a {@code Content-Disposition} value gives ({@code filename*=UTF-8''...} first,
   * then {@code filename=}), its last path segment, made safe; empty if it gives none.
   */
  static Optional<String> fromContentDisposition(String value) {
    String name = null;
    Matcher star = FILENAME_STAR.matcher(value);
    if (star.find() && star.group(1).trim().equalsIgnoreCase("utf-8")) {
      name = decode(star.group(2).trim());
    } else {
      Matcher plain = FILENAME.matcher(value);
      if (plain.find()) {
        name = plain.group(2) != null ? plain.group(2).replaceAll("\\\\(.)", "$1") : plain.group(1);
      }
    }
    if (name == null) {
      return Optional.empty();
    }
    String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    return last.isBlank() ? Optional.empty() : Optional.of(safeSegment(last));
  }

  /** One path segment, safe as a plain file or directory name on any file system. */
  static String safeSegment(String segment) {
    StringBuilder out = new StringBuilder(segment.length());
    segment
        .codePoints()
        .forEach(
            c -> {
              boolean unsafe = c < 0x20 || c == 0x7f || "/\\<>:\"|?*".indexOf(c) >= 0;
              out.appendCodePoint(unsafe ? '_' : c);
            });
    String name = out.toString().strip();
    if (name.isEmpty()) {
      return "_";
    }
    int dot = name.indexOf('.');
    String stem = (dot < 0 ? name : name.substring(0, dot)).toLowerCase(Locale.ROOT);
    if (name.startsWith(".") || DEVICES.contains(stem)) {
      name = "_" + name;
    }
    if (name.endsWith(".") || name.endsWith(" ")) { // Windows drops them: "a." is "a"
      name = name + "_";
    }
    return cut(name);
  }

  /** {@code name} within {@link #MAX_SEGMENT} bytes, its extension (up to 10 chars) kept. */
  private static String cut(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_SEGMENT) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String extension = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
    String stem = name.substring(0, name.length() - extension.length());
    int budget = MAX_SEGMENT - extension.getBytes(StandardCharsets.UTF_8).length;
    StringBuilder kept = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < stem.length(); ) {
      int c = stem.codePointAt(i);
      int size = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > budget) {
        break;
      }
      kept.appendCodePoint(c);
      bytes += size;
      i += Character.charCount(c);
    }
    return kept + extension;
  }

  /**
   * Percent-decoding as UTF-8; a sequence that is not UTF-8 is kept as written. Not {@code
   * URLDecoder}: it decodes {@code +} as a space (form encoding, not a path's) and throws on a
   * stray {@code %}.
   */
  private static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); ) {
      int c = raw.codePointAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          bytes.write(hi * 16 + lo);
          i += 3;
          continue;
        }
      }
      byte[] plain = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
      bytes.write(plain, 0, plain.length);
      i += Character.charCount(c);
    }
    String decoded = bytes.toString(StandardCharsets.UTF_8);
    return decoded.indexOf('\uFFFD') >= 0 ? raw : decoded;
  }
}
