package actors.pipeline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The manifest format, both ways: one {@link Outcome} per line as a JSON object (JSON Lines, UTF-8,
 * every line ending in {@code \n}), through Jackson. The run's manifest, the output directory's
 * index of completed downloads, resume and the tests all read and write with this class.
 *
 * <p>Reading never fails on a bad line: a line that is not UTF-8, not a JSON object of the format,
 * holds a number too large for its field, or is the last line and lacks its newline (a write cut
 * off by {@code kill -9} or a full disk) is reported to the caller by number and skipped.
 */
public final class ManifestCodec {

  private ManifestCodec() {}

  /** Longer lines are not ours: skipped unread rather than held in memory. */
  private static final int MAX_LINE = 1024 * 1024;

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
          .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
  private static final ObjectWriter WRITER = MAPPER.writerFor(Outcome.class);
  private static final ObjectReader READER = MAPPER.readerFor(Outcome.class);

  /** A line of the manifest that was skipped: its number and why. */
  public record BadLine(long number, String reason) {}

  /** {@code outcome} as one manifest line, {@code \n} included, in UTF-8. */
  public static byte[] encode(Outcome outcome) {
    try {
      byte[] json = WRITER.writeValueAsBytes(outcome);
      byte[] line = new byte[json.length + 1];
      System.arraycopy(json, 0, line, 0, json.length);
      line[json.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an Outcome always serializes", e);
    }
  }

  /** One manifest line (without its newline) read back. */
  public static Outcome decode(byte[] line) throws IOException {
    Outcome outcome = READER.readValue(line);
    if (outcome == null || outcome.url() == null || outcome.status() == null) {
      throw new IOException("not a manifest line: url and status are required");
    }
    return outcome;
  }

  /** Whether {@code outcome} says what resume needs to trust a completed body. */
  static boolean describesACompleteBody(Outcome outcome) {
    return outcome.status().complete()
        && outcome.file() != null
        && outcome.bytes() >= 0
        && outcome.sha256() != null
        && SHA256.matcher(outcome.sha256()).matches();
  }

  /** Every readable line of {@code file}, in order; bad lines go to {@code bad}. */
  public static void read(Path file, Consumer<Outcome> outcomes, Consumer<BadLine> bad)
      throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(256);
      long number = 0;
      boolean tooLong = false;
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (b != '\n') {
          if (line.size() < MAX_LINE) {
            line.write(b);
          } else {
            tooLong = true;
          }
          continue;
        }
        number++;
        if (tooLong) {
          bad.accept(new BadLine(number, "longer than " + MAX_LINE + " bytes"));
        } else if (line.size() > 0) {
          decodeInto(number, line.toByteArray(), outcomes, bad);
        }
        line.reset();
        tooLong = false;
      }
      if (line.size() > 0 || tooLong) {
        bad.accept(new BadLine(number + 1, "cut off: the last line has no newline"));
      }
    }
  }

  /** Every readable line of {@code file}: for tests and tools that want the whole manifest. */
  public static List<Outcome> readAll(Path file) throws IOException {
    List<Outcome> all = new ArrayList<>();
    read(
        file,
        all::add,
        badLine -> {
          throw new IllegalStateException(
              file + " line " + badLine.number() + ": " + badLine.reason());
        });
    return all;
  }

  private static void decodeInto(
      long number, byte[] line, Consumer<Outcome> outcomes, Consumer<BadLine> bad) {
    Outcome outcome;
    try {
      outcome = decode(line);
    } catch (IOException e) {
      bad.accept(new BadLine(number, firstLine(e.getMessage())));
      return;
    }
    outcomes.accept(outcome);
  }

  private static String firstLine(String message) {
    String text = String.valueOf(message);
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
