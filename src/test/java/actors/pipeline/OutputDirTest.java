package actors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link OutputDir#open} refuses, in one line naming the path, before changing anything. */
class OutputDirTest {

  @TempDir Path dir;

  OutputDir open(Path out) {
    return OutputDir.open(out, out.resolve("manifest.jsonl"));
  }

  @Test
  void open_aSecondRunIntoTheSameDirectoryIsRefused_untilTheFirstCloses() throws Exception {
    Path out = dir.resolve("out");
    try (OutputDir first = open(out)) {
      assertThatThrownBy(() -> open(out))
          .isInstanceOf(OutputException.class)
          .hasMessage(out + ": in use by another run in this process");
    }
    open(out).close(); // free again
  }

  @Test
  void open_refusedInThisProcess_stillHoldsTheLockAgainstOtherProcesses() throws Exception {
    Path out = dir.resolve("out");
    try (OutputDir first = open(out)) {
      assertThatThrownBy(() -> open(out)).isInstanceOf(OutputException.class);
      assertThat(otherProcessOpens(out)).as("another process is refused").isEqualTo(2);
      assertThat(out.resolve(".actors-lock")).exists();
    }
    assertThat(otherProcessOpens(out)).as("once closed, another process may").isZero();
  }

  /** The exit code of a JVM that opens {@code out}: 0 it could, 2 it was refused. */
  static int otherProcessOpens(Path out) throws Exception {
    Process probe =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockProbe.class.getName(),
                out.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(probe.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    return probe.exitValue();
  }

  @Test
  void open_theLockFileNamesItsHolder() throws Exception {
    try (OutputDir out = open(dir.resolve("out"))) {
      assertThat(Files.readString(out.dir().resolve(".actors-lock")))
          .isEqualTo(ProcessHandle.current().pid() + "\n");
    }
  }

  @Test
  void close_removesTheLockFile_soTheDirectoryHoldsOnlyWhatTheRunWrote() throws Exception {
    Path out = dir.resolve("out");
    open(out).close();
    assertThat(out.resolve(".actors-lock")).doesNotExist();
  }

  @Test
  void open_anOutputThatIsAFile() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "not a directory");
    assertThatThrownBy(() -> open(file))
        .isInstanceOf(OutputException.class)
        .hasMessage(file + ": is a file, not a directory");
    assertThat(Files.readString(file)).isEqualTo("not a directory");
  }

  @Test
  void open_aManifestPathThatIsADirectory() throws Exception {
    Path out = dir.resolve("out");
    Path manifest = Files.createDirectories(dir.resolve("manifest.jsonl"));
    assertThatThrownBy(() -> OutputDir.open(out, manifest))
        .isInstanceOf(OutputException.class)
        .hasMessage(manifest + ": is a directory, not a file");
  }

  @Test
  void open_aPartialDirectoryThatIsAFile() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path partial = Files.writeString(out.resolve(".actors-partial"), "in the way");
    assertThatThrownBy(() -> open(out))
        .isInstanceOf(OutputException.class)
        .hasMessage(partial + ": is a file, not a directory");
  }

  @Test
  void open_aDirectoryUnderAFile() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Path out = file.resolve("sub");
    assertThatThrownBy(() -> open(out))
        .isInstanceOf(OutputException.class)
        .hasMessageStartingWith(out + ": ")
        .hasMessageNotContaining("Exception");
  }

  @Test
  void open_aReadOnlyFileSystem() {
    Path readOnly = Path.of("/proc/actors-test-out");
    assertThatThrownBy(() -> open(readOnly))
        .isInstanceOf(OutputException.class)
        .hasMessageStartingWith(readOnly + ": ")
        .hasMessageNotContaining("Exception");
  }
}
