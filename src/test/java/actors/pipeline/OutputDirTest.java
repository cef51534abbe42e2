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
        .hasMessage(partial + ": is not a directory (a file or a link): remove it");
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

  @Test
  void open_aManifestThatIsNoRegularFile_isRefused_andLeftAlone() throws Exception {
    Path out = dir.resolve("out");
    Path fifo = dir.resolve("manifest.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo");
    assertThatThrownBy(() -> OutputDir.open(out, fifo))
        .isInstanceOf(OutputException.class)
        .hasMessageStartingWith(fifo + ": is not a regular file");
    Path link =
        Files.createSymbolicLink(dir.resolve("manifest-link.jsonl"), dir.resolve("elsewhere"));
    assertThatThrownBy(() -> OutputDir.open(out, link)).hasMessageContaining("not a regular file");
    assertThat(Files.isRegularFile(fifo)).isFalse();
  }

  @Test
  void open_aLinkWhereTheLockOrTheIndexGoes_isRefused_andItsTargetUntouched() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path victim = Files.writeString(dir.resolve("victim"), "precious");
    Files.createSymbolicLink(out.resolve(".actors-lock"), victim);
    assertThatThrownBy(() -> open(out)).hasMessageContaining(".actors-lock: is not a regular file");
    Files.delete(out.resolve(".actors-lock"));
    Files.createSymbolicLink(out.resolve("manifest.index.jsonl"), victim);
    assertThatThrownBy(() -> open(out))
        .hasMessageContaining("manifest.index.jsonl: is not a regular file");
    assertThat(Files.readString(victim)).isEqualTo("precious");
  }

  @Test
  void open_aManifestThatIsTheRunsOwnFile_isRefused() {
    Path out = dir.resolve("out");
    assertThatThrownBy(() -> OutputDir.open(out, out.resolve("manifest.index.jsonl")))
        .hasMessageContaining("is one of the run's own files");
    assertThatThrownBy(() -> OutputDir.open(out, out.resolve(".actors-partial/m.jsonl")))
        .hasMessageContaining("is one of the run's own files");
  }

  @Test
  void open_refused_leavesNoLockAndNoPartialDirectoryBehind() throws Exception {
    Path out = dir.resolve("out");
    Path manifestDir = Files.createDirectories(dir.resolve("a-dir"));
    assertThatThrownBy(() -> OutputDir.open(out, manifestDir)).isInstanceOf(OutputException.class);
    assertThat(Downloads.filesIn(out)).isEmpty();
    try (java.util.stream.Stream<Path> all = Files.list(out)) {
      assertThat(all).isEmpty();
    }
  }
}
