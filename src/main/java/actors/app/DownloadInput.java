package actors.app;

import actors.pipeline.Cancellation;
import actors.pipeline.InputLine;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * What {@code actors download} reads: the URL arguments, then {@code --input} (a file, a pipe,
 * {@code -} for stdin), streamed line by line. A missing, unreadable or directory input is a usage
 * error, reported before anything starts.
 *
 * @param input the {@code --input} value, or null
 */
record DownloadInput(List<String> urls, String input, int maxLineLength, CommandSpec spec) {

  /**
   * The input lines: the arguments, then the input. A pipe or stdin, which may never end by itself,
   * ends at a cancel of {@code cancellation} ({@link InputLine#fromPipe}); a regular file is read
   * to its end, so that every line gets its manifest line.
   */
  Source<InputLine, ?> lines(Cancellation cancellation) {
    Source<InputLine, NotUsed> fromArgs = InputLine.of(urls);
    if (input == null) {
      return fromArgs;
    }
    if (input.equals("-")) {
      FileChannel stdin = new FileInputStream(FileDescriptor.in).getChannel();
      return fromArgs.concat(InputLine.fromPipe(stdin, maxLineLength, cancellation));
    }
    Path file = Path.of(input);
    require(Files.exists(file), "no such file");
    require(!Files.isDirectory(file), "is a directory");
    require(Files.isReadable(file), "not readable");
    if (Files.isRegularFile(file)) {
      return fromArgs.concat(InputLine.fromFile(file, maxLineLength));
    }
    try {
      return fromArgs.concat(
          InputLine.fromPipe(FileChannel.open(file), maxLineLength, cancellation));
    } catch (IOException e) {
      throw usageError("cannot be read: " + e.getMessage());
    }
  }

  /**
   * How many URL lines there are, when that can be known without consuming the input: the
   * arguments, plus the lines of a regular file (counted in one streaming pass, holding at most one
   * line). Not for stdin or a pipe, which can be read only once.
   */
  OptionalLong total() {
    long count = urls.stream().filter(url -> !url.isBlank()).count();
    if (input == null) {
      return OptionalLong.of(count);
    }
    Path file = Path.of(input);
    if (input.equals("-") || !Files.isRegularFile(file)) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(count + InputLine.count(file, maxLineLength));
    } catch (IOException e) {
      throw usageError("cannot be read: " + e.getMessage());
    }
  }

  private void require(boolean condition, String problem) {
    if (!condition) {
      throw usageError(problem);
    }
  }

  private ParameterException usageError(String problem) {
    return new ParameterException(spec.commandLine(), "--input " + input + ": " + problem);
  }
}
