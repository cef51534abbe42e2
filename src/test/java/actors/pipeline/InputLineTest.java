package actors.pipeline;

import static actors.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import actors.TestKitLifecycle;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Input lines: streamed, bounded, and no line can end the input. */
@ExtendWith(TestKitLifecycle.class)
class InputLineTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir Path dir;

  List<InputLine> lines(int maxLineLength, byte[]... chunks) throws Exception {
    return await(
        InputLine.of(Source.from(List.of(chunks)).map(ByteString::fromArray), maxLineLength)
            .runWith(Sink.seq(), testKit.system()));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void lines_splitAcrossChunks_trimmed_commentsAndBlanksDropped_crlfAccepted() throws Exception {
    assertThat(
            lines(100, utf8("http://a/1\r\n  # a comment\n\nhttp://b"), utf8("/2  \nhttp://c/3")))
        .containsExactly(
            InputLine.of(1, "http://a/1"),
            InputLine.of(4, "http://b/2"),
            InputLine.of(5, "http://c/3"));
  }

  @Test
  void aLineOverTheLimit_isOneUnreadableLine_andTheNextLineIsReadAsUsual() throws Exception {
    String longLine = "http://x/" + "y".repeat(500);
    List<InputLine> lines =
        lines(
            64,
            utf8("http://ok/1\n" + longLine.substring(0, 300)),
            utf8(longLine.substring(300) + "\nhttp://ok/3\n"));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1).number()).isEqualTo(2);
    assertThat(lines.get(1).unreadable()).isEqualTo(ErrorCode.LINE_TOO_LONG);
    assertThat(lines.get(1).text()).startsWith("http://x/yyy").endsWith("...").hasSizeLessThan(210);
    assertThat(lines.get(2)).isEqualTo(InputLine.of(3, "http://ok/3"));
  }

  @Test
  void aLineThatIsNotUtf8_isOneUnreadableLine() throws Exception {
    byte[] bad = {'h', 't', 't', 'p', ':', '/', '/', 'a', '/', (byte) 0xC3, (byte) 0x28, '\n'};
    List<InputLine> lines = lines(100, bad, utf8("http://b/2\n"));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).unreadable()).isEqualTo(ErrorCode.NOT_UTF_8);
    assertThat(lines.get(1)).isEqualTo(InputLine.of(2, "http://b/2"));
  }

  @Test
  void count_followsTheSameRules_andHoldsNoMoreThanOneLine() throws Exception {
    Path file = dir.resolve("urls.txt");
    Files.write(file, utf8("http://a/1\n# c\n\n" + "z".repeat(10_000) + "\nhttp://b/2"));
    assertThat(InputLine.count(file, 64)).isEqualTo(3);
    List<InputLine> streamed =
        await(InputLine.fromFile(file, 64).runWith(Sink.seq(), testKit.system()));
    assertThat(streamed).hasSize(3);
  }

  @Test
  void fromPipe_readsAFifo_whichCannotBeReadAtAPosition() throws Exception {
    Path fifo = fifo();
    var writer =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              try {
                Files.write(fifo, utf8("http://a/1\nhttp://b/2\n")); // opens, writes, closes
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    var lines =
        InputLine.fromPipe(FileChannel.open(fifo), 100, new Cancellation())
            .runWith(Sink.seq(), testKit.system());
    assertThat(await(lines))
        .extracting(InputLine::text)
        .containsExactly("http://a/1", "http://b/2");
    writer.join();
  }

  @Test
  void fromPipe_aCancelEndsAnInputWhoseWriterNeverCloses_andAWaitingRead() throws Exception {
    Path fifo = fifo();
    var opened = java.util.concurrent.CompletableFuture.supplyAsync(() -> openForWriting(fifo));
    Cancellation cancellation = new Cancellation();
    var read = testKit.<String>createTestProbe();
    var lines =
        InputLine.fromPipe(FileChannel.open(fifo), 100, cancellation)
            .map(
                line -> {
                  read.ref().tell(line.text());
                  return line;
                })
            .runWith(Sink.seq(), testKit.system());
    try (java.io.OutputStream writer = opened.join()) {
      writer.write(utf8("http://a/1\n"));
      writer.flush();
      read.expectMessage("http://a/1");
      cancellation.cancel("test"); // the writer stays open, and the read waits for it
      assertThat(await(lines)).extracting(InputLine::text).containsExactly("http://a/1");
    }
  }

  private Path fifo() throws Exception {
    Path fifo = dir.resolve("urls.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
    return fifo;
  }

  private static java.io.OutputStream openForWriting(Path fifo) {
    try {
      return Files.newOutputStream(fifo);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aByteOrderMarkBeforeTheFirstLine_isNotPartOfTheUrl() throws Exception {
    assertThat(lines(100, utf8("\uFEFFhttp://a/1\nhttp://b/2")))
        .containsExactly(InputLine.of(1, "http://a/1"), InputLine.of(2, "http://b/2"));
  }
}
