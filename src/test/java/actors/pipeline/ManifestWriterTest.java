package actors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk while the manifest or the index is written: the run is told (and cancels itself), the
 * previous manifest stays as it was, and no torn line is left. The disk is Linux's {@code
 * /dev/full}, on which every write fails with ENOSPC.
 */
class ManifestWriterTest {

  @TempDir Path out;

  static final Outcome OK =
      new Outcome(
          1, "http://example.com/a", Outcome.Status.OK, "a", 1, "0".repeat(64), 1, 200, null, 3);

  @Test
  void diskFullWhileTheManifestIsWritten_leavesThePreviousManifestAsItWas() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full");
    Files.writeString(out.resolve("manifest.jsonl"), "the previous run's manifest\n");
    try (OutputDir output = OutputDir.open(out, out.resolve("manifest.jsonl"))) {
      AtomicInteger cancelled = new AtomicInteger();
      ManifestWriter writer =
          ManifestWriter.open(
              output,
              Resume.nothing(),
              Index.open(output),
              cancelled::incrementAndGet,
              Path.of("/dev/full"));
      writer.write(
          new Outcome(
              1,
              "http://example.com/a",
              Outcome.Status.FAILED,
              null,
              0,
              null,
              1,
              404,
              "http-404",
              3));

      assertThat(writer.finish())
          .hasValueSatisfying(
              problem ->
                  assertThat(problem)
                      .startsWith("cannot write ")
                      .containsIgnoringCase("no space left on device"));
      assertThat(cancelled).hasValue(1);
    }
    assertThat(Files.readString(out.resolve("manifest.jsonl")))
        .isEqualTo("the previous run's manifest\n");
  }

  @Test
  void diskFullWhileTheIndexIsWritten_stopsRecording_andCancelsTheRun() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full");
    try (OutputDir output = OutputDir.open(out, out.resolve("manifest.jsonl"))) {
      AtomicInteger cancelled = new AtomicInteger();
      ManifestWriter writer =
          ManifestWriter.open(
              output,
              Resume.nothing(),
              Index.open(Path.of("/dev/full"), output.partialDir()),
              cancelled::incrementAndGet);
      writer.write(OK);
      writer.write(OK);

      assertThat(cancelled).hasValue(1);
      assertThat(writer.finish()).isPresent();
    }
    assertThat(out.resolve("manifest.jsonl")).doesNotExist();
  }
}
