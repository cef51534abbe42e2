package actors.pipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * One line of the input that names a URL: its 1-based line number and its text, trimmed. Blank
 * lines and lines starting with {@code #} never become InputLines.
 */
public record InputLine(long number, String text) {

  /**
   * The URL lines of a file, streamed: the file is read in chunks and split on newlines, never held
   * in memory whole. A line longer than {@code maxLineLength} fails the stream with a message that
   * says so (a binary file given by mistake, most likely).
   */
  public static Source<InputLine, CompletionStage<IOResult>> fromFile(
      Path file, int maxLineLength) {
    return of(FileIO.fromPath(file), maxLineLength);
  }

  /** The URL lines of any byte source (a file, stdin). */
  public static <M> Source<InputLine, M> of(Source<ByteString, M> bytes, int maxLineLength) {
    return bytes
        .via(Framing.delimiter(ByteString.fromString("\n"), maxLineLength, FramingTruncation.ALLOW))
        .map(line -> line.decodeString(StandardCharsets.UTF_8))
        .zipWithIndex()
        .map(pair -> new InputLine(pair.second() + 1, pair.first().strip()))
        .filter(line -> !line.text().isEmpty() && !line.text().startsWith("#"));
  }

  /** The URLs given on the command line, numbered from 1 as if they were lines. */
  public static Source<InputLine, org.apache.pekko.NotUsed> of(java.util.List<String> urls) {
    return Source.from(urls)
        .zipWithIndex()
        .map(pair -> new InputLine(pair.second() + 1, pair.first().strip()))
        .filter(line -> !line.text().isEmpty());
  }
}
