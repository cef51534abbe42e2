package actors.pipeline;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * Splits bytes into {@link InputLine}s, holding at most {@code maxLineLength} bytes of a line. A
 * longer line becomes one unreadable line ({@link ErrorCode#LINE_TOO_LONG}) and the rest of it is
 * skipped up to its newline; a line that is not UTF-8 becomes one too ({@link
 * ErrorCode#NOT_UTF_8}). Either way the next line is read as usual: one bad line never ends the
 * input.
 *
 * <p>Not Pekko's {@code Framing.delimiter} on purpose: it fails the whole stream at the first
 * over-long line. Owned by one stream stage, or one thread: not thread-safe.
 */
final class LineSplitter {

  /** How much of an unreadable line the manifest shows. */
  private static final int EXCERPT = 200;

  private final int maxLineLength;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private ByteString pending = ByteString.emptyByteString();
  private ByteString overLong; // the excerpt, while skipping the rest of an over-long line
  private long number;

  LineSplitter(int maxLineLength) {
    this.maxLineLength = maxLineLength;
  }

  /** The lines {@code chunk} completes. */
  List<InputLine> feed(ByteString chunk) {
    List<InputLine> lines = new ArrayList<>(2);
    int start = 0;
    for (int newline = chunk.indexOf((byte) '\n', start);
        newline >= 0;
        newline = chunk.indexOf((byte) '\n', start)) {
      append(chunk.slice(start, newline));
      endLine(lines);
      start = newline + 1;
    }
    append(chunk.slice(start, chunk.size()));
    return lines;
  }

  /** The last line, when the input does not end with a newline. */
  List<InputLine> finish() {
    List<InputLine> lines = new ArrayList<>(1);
    if (!pending.isEmpty() || overLong != null) {
      endLine(lines);
    }
    return lines;
  }

  private void append(ByteString part) {
    if (overLong != null || part.isEmpty()) {
      return;
    }
    if (pending.size() + part.size() > maxLineLength) {
      overLong = pending.concat(part).take(EXCERPT);
      pending = ByteString.emptyByteString();
    } else {
      pending = pending.concat(part);
    }
  }

  private void endLine(List<InputLine> lines) {
    number++;
    InputLine line =
        overLong != null
            ? InputLine.unreadable(number, excerpt(overLong) + "...", ErrorCode.LINE_TOO_LONG)
            : decode(pending);
    pending = ByteString.emptyByteString();
    overLong = null;
    if (line != null) {
      lines.add(line);
    }
  }

  /** The line, or null for a blank or comment line. */
  private InputLine decode(ByteString bytes) {
    String text;
    try {
      text = utf8.decode(bytes.asByteBuffer()).toString().strip();
      if (number == 1 && text.startsWith("\uFEFF")) { // a byte order mark, as some editors write
        text = text.substring(1).strip();
      }
    } catch (CharacterCodingException e) {
      return InputLine.unreadable(number, excerpt(bytes), ErrorCode.NOT_UTF_8);
    }
    return text.isEmpty() || text.startsWith("#") ? null : InputLine.of(number, text);
  }

  /** The first characters, invalid bytes shown as U+FFFD, "..." if there were more. */
  private static String excerpt(ByteString bytes) {
    ByteBuffer head = bytes.take(EXCERPT).asByteBuffer();
    String text = StandardCharsets.UTF_8.decode(head).toString().strip();
    return bytes.size() > EXCERPT ? text + "..." : text;
  }
}
