package actors.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a previous run already downloaded: the {@code ok} lines of its manifest whose file is still
 * in the output directory with the recorded size. Those URLs are {@code skipped}, not requested.
 * Read line by line; lines this version cannot read are ignored (the URL is simply downloaded
 * again), never trusted.
 */
final class Resume {

  /** A body a previous run completed. */
  record Done(String file, long bytes, String sha256) {}

  private static final Pattern FIELD =
      Pattern.compile("\"(url|status|file|bytes|sha256)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[0-9]+)");

  private final Map<String, Done> done;

  private Resume(Map<String, Done> done) {
    this.done = done;
  }

  static Resume nothing() {
    return new Resume(Map.of());
  }

  /** Reads {@code manifest}, if there is one, checking every file against {@code outDir}. */
  static Resume read(Path manifest, Path outDir) {
    if (!Files.isRegularFile(manifest)) {
      return nothing();
    }
    Map<String, Done> done = new HashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        Map<String, String> fields = new HashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
          fields.put(m.group(1), m.group(3) != null ? unescape(m.group(3)) : m.group(2));
        }
        String status = fields.get("status");
        if (("ok".equals(status) || "skipped".equals(status)) && fields.containsKey("file")) {
          Done entry =
              new Done(
                  fields.get("file"),
                  Long.parseLong(fields.getOrDefault("bytes", "-1")),
                  fields.get("sha256"));
          if (stillThere(outDir, entry)) {
            done.put(fields.get("url"), entry);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest " + manifest, e);
    }
    return new Resume(done);
  }

  private static boolean stillThere(Path outDir, Done entry) throws IOException {
    Path file = outDir.resolve(entry.file()).normalize();
    return file.startsWith(outDir.normalize())
        && Files.isRegularFile(file)
        && Files.size(file) == entry.bytes();
  }

  private static String unescape(String json) {
    return json.replace("\\\"", "\"").replace("\\\\", "\\");
  }

  Optional<Done> of(String url) {
    return Optional.ofNullable(done.get(url));
  }
}
