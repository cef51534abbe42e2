package actors.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fatal JVM error ends the process promptly, with one line and a non-zero exit code. */
class FatalErrorIT {

  @Test
  void outOfMemoryInAThread_endsTheProcessAtOnce_withExitCodeThree() throws Exception {
    PackagedJarIT.Result result =
        PackagedJarIT.run(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FatalErrorProbe.class.getName()));
    assertThat(result.exitCode()).isEqualTo(Main.FATAL);
    assertThat(result.stderr().strip())
        .isEqualTo("actors: fatal: java.lang.OutOfMemoryError: probe (thread worker)");
  }
}
