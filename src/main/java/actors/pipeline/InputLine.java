package actors.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.Graph;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;

/**
 * One line of the input that names a URL: its 1-based line number and its text, trimmed. A line
 * that cannot be a URL at all (longer than the limit, or not UTF-8) is still a line, with {@code
 * unreadable} saying why and {@code text} an excerpt: it gets its own {@code invalid} outcome, and
 * the lines after it are read as usual. Blank lines and lines starting with {@code #} never become
 * InputLines.
 */
public record InputLine(long number, String text, ErrorCode unreadable) {

  /** A line naming a URL. */
  public static InputLine of(long number, String text) {
    return new InputLine(number, text, null);
  }

  /** A line that is not a URL whatever it says: {@code excerpt} is its beginning. */
  static InputLine unreadable(long number, String excerpt, ErrorCode why) {
    return new InputLine(number, excerpt, why);
  }

  /**
   * The URL lines of a regular file, streamed: read in chunks and split on newlines, never held in
   * memory whole. (A pipe or stdin: {@link #fromPipe}.)
   */
  public static Source<InputLine, CompletionStage<IOResult>> fromFile(
      Path file, int maxLineLength) {
    return of(FileIO.fromPath(file), maxLineLength);
  }

  /**
   * The URL lines of a pipe, a FIFO or stdin, read through {@code pipe}, which may never end by
   * itself (a producer that keeps it open): a cancel of {@code cancellation} ends the input there,
   * as if it had ended (lines not read yet get no manifest line), and closes {@code pipe}, which
   * ends a read still waiting for a writer. The reads run behind an asynchronous boundary, on their
   * own thread, so the stages after them take the cancel at once.
   */
  public static Source<InputLine, NotUsed> fromPipe(
      FileChannel pipe, int maxLineLength, Cancellation cancellation) {
    cancellation.onCancel(() -> closeQuietly(pipe));
    Source<ByteString, NotUsed> bytes =
        StreamConverters.fromInputStream(() -> Channels.newInputStream(pipe))
            .recoverWithRetries(
                1,
                new PFBuilder<Throwable, Graph<SourceShape<ByteString>, NotUsed>>()
                    .match(
                        Throwable.class,
                        closedByTheCancel -> cancellation.isCancelled(),
                        closedByTheCancel -> Source.empty())
                    .build())
            .mapMaterializedValue(io -> NotUsed.getInstance())
            .async();
    return of(bytes, maxLineLength).via(cancellation.untilCancelled());
  }

  private static void closeQuietly(FileChannel pipe) {
    try {
      pipe.close();
    } catch (IOException ignored) {
      // Closing only ends a read: nothing to lose.
    }
  }

  /** The URL lines of any byte source (a file, stdin). */
  public static <M> Source<InputLine, M> of(Source<ByteString, M> bytes, int maxLineLength) {
    return bytes
        .statefulMap(
            () -> new LineSplitter(maxLineLength),
            (splitter, chunk) -> Pair.create(splitter, splitter.feed(chunk)),
            splitter -> Optional.of(splitter.finish()))
        .mapConcat(lines -> lines);
  }

  /**
   * The URLs given on the command line (or in a request), numbered from 1 as if they were lines.
   */
  public static Source<InputLine, NotUsed> of(List<String> urls) {
    return Source.from(urls)
        .zipWithIndex()
        .map(pair -> of(pair.second() + 1, pair.first().strip()))
        .filter(line -> !line.text().isEmpty());
  }

  /**
   * How many InputLines {@code file} holds, counted in one streaming pass with the same rules as
   * {@link #fromFile} (memory: one chunk and one line of at most {@code maxLineLength} bytes).
   */
  public static long count(Path file, int maxLineLength) throws IOException {
    LineSplitter splitter = new LineSplitter(maxLineLength);
    long count = 0;
    byte[] chunk = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        count += splitter.feed(ByteString.fromArray(chunk, 0, n)).size();
      }
    }
    return count + splitter.finish().size();
  }
}
