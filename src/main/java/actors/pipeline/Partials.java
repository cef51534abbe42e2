package actors.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * Bodies that stopped part-way, kept to be continued ({@code curl -C -}, {@code wget -c}): a body
 * whose server sent a validator ({@code ETag} or {@code Last-Modified}) and {@code Accept-Ranges:
 * bytes} is written to {@code .actors-partial/NAME.part}, with {@code NAME.part.info} beside it
 * (the URL and the validators), written before the first byte, so that even {@code kill -9} leaves
 * a partial the next attempt or run can continue: {@code Range: bytes=N-} with {@code If-Range},
 * where N is the part file's length. A 206 appends (the SHA-256 covers the whole file: the first N
 * bytes are read again); a 200 (the body changed, or ranges refused) starts over.
 *
 * <p>At the start of a run ({@link #clean}), everything else in {@code .actors-partial} goes, as
 * before, and so does a partial older than {@code partial-max-age}, one without its description,
 * and every partial when {@code continue} is off.
 */
final class Partials {

  private Partials() {}

  /**
   * What a kept partial says about itself ({@code NAME.part.info}): four {@code key=value} lines.
   * Plain text, not JSON: it is written before every kept body's first byte, and Jackson's first
   * use of a type there cost the JIT enough to slow large downloads by a third (bench/variants.sh,
   * docs/BENCHMARKS.md "Issue #14").
   */
  record Description(String url, String etag, String lastModified, long savedMillis) {

    String text() {
      return "url="
          + url
          + "\netag="
          + (etag == null ? "" : etag)
          + "\nlast-modified="
          + (lastModified == null ? "" : lastModified)
          + "\nsaved-ms="
          + savedMillis
          + "\n";
    }

    /** The description {@code text} holds, or empty if it is not one. */
    static Optional<Description> parse(String text) {
      java.util.Map<String, String> fields = new java.util.HashMap<>();
      for (String line : text.split("\n")) {
        int equals = line.indexOf('=');
        if (equals > 0) {
          fields.put(line.substring(0, equals), line.substring(equals + 1));
        }
      }
      try {
        String url = fields.get("url");
        long saved = Long.parseLong(fields.getOrDefault("saved-ms", ""));
        return url == null || url.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new Description(
                    url,
                    blankToNull(fields.get("etag")),
                    blankToNull(fields.get("last-modified")),
                    saved));
      } catch (NumberFormatException notOne) {
        return Optional.empty();
      }
    }

    private static String blankToNull(String value) {
      return value == null || value.isEmpty() ? null : value;
    }

    /** The {@code If-Range} value: a strong ETag, else the Last-Modified date. */
    Optional<String> ifRange() {
      if (etag != null && !etag.startsWith("W/")) {
        return Optional.of(etag);
      }
      return Optional.ofNullable(lastModified);
    }
  }

  /** A partial to continue: its file, how many bytes it has, what the server said of it. */
  record Partial(Path part, long bytes, Description description) {}

  /** The part file of {@code fileName} when it is being kept. */
  static Path part(OutputDir output, String fileName) {
    return output.partialDir().resolve(fileName + ".part");
  }

  private static Path description(Path part) {
    return part.resolveSibling(part.getFileName() + ".info");
  }

  /**
   * Empties the partial directory but for the partials to continue; returns their file names (the
   * bodies' names, without {@code .part}).
   */
  static Set<String> clean(OutputDir output, boolean keep, Duration maxAge) throws IOException {
    Set<String> kept = new HashSet<>();
    long oldest = System.currentTimeMillis() - maxAge.toMillis();
    try (Stream<Path> files = Files.list(output.partialDir())) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (keep
            && name.endsWith(".part")
            && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          Optional<Description> said = read(description(file));
          if (said.isPresent()
              && said.get().savedMillis() >= oldest
              && said.get().ifRange().isPresent()) {
            kept.add(name.substring(0, name.length() - ".part".length()));
          }
        }
      }
    }
    try (Stream<Path> files = Files.list(output.partialDir())) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        String body = name.replaceFirst("\\.part(\\.info)?$", "");
        if (name.equals(body) || !kept.contains(body)) {
          Files.deleteIfExists(file);
        }
      }
    }
    return Set.copyOf(kept);
  }

  /** The partial of {@code fileName} for {@code url}, if there is one to continue. */
  static Optional<Partial> find(OutputDir output, String fileName, String url) {
    Path part = part(output, fileName);
    try {
      Optional<Description> said = read(description(part));
      if (said.isEmpty() || !url.equals(said.get().url()) || said.get().ifRange().isEmpty()) {
        return Optional.empty();
      }
      long bytes = Files.size(part);
      return bytes > 0 ? Optional.of(new Partial(part, bytes, said.get())) : Optional.empty();
    } catch (IOException gone) {
      return Optional.empty();
    }
  }

  /** Whether {@code response} (a 200 or a 206) can be continued later: a validator and ranges. */
  static Optional<Description> resumable(HttpResponse response, String url) {
    String etag = response.getHeader("ETag").map(h -> h.value()).orElse(null);
    String modified = response.getHeader("Last-Modified").map(h -> h.value()).orElse(null);
    boolean ranges =
        response.status().intValue() == 206
            || response
                .getHeader("Accept-Ranges")
                .map(h -> h.value().trim().equalsIgnoreCase("bytes"))
                .orElse(false);
    Description description = new Description(url, etag, modified, System.currentTimeMillis());
    return ranges && description.ifRange().isPresent()
        ? Optional.of(description)
        : Optional.empty();
  }

  /**
   * Whether {@code response} (a 206) is of the version {@code partial} came from: its {@code ETag}
   * if the partial has one, else its {@code Last-Modified}.
   */
  static boolean sameVersion(HttpResponse response, Partial partial) {
    Description said = partial.description();
    if (said.etag() != null) {
      return response.getHeader("ETag").map(h -> h.value().equals(said.etag())).orElse(false);
    }
    return response
        .getHeader("Last-Modified")
        .map(h -> h.value().equals(said.lastModified()))
        .orElse(false);
  }

  /** Writes {@code part}'s description (atomically: a half-written one is never read). */
  static void describe(Path part, Description description) throws IOException {
    Path temporary = part.resolveSibling(part.getFileName() + ".info.new");
    Files.writeString(temporary, description.text(), StandardCharsets.UTF_8);
    Files.move(
        temporary,
        description(part),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** Removes {@code part} and its description. */
  static void forget(Path part) {
    try {
      Files.deleteIfExists(description(part));
      Files.deleteIfExists(part);
    } catch (IOException ignored) {
      // The next run's clean removes what is left.
    }
  }

  private static Optional<Description> read(Path file) {
    try {
      return Description.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException unreadable) {
      return Optional.empty();
    }
  }
}
