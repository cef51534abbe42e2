package actors.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code target/actors.jar} as a user would, after {@code mvn package}: the shaded jar must
 * start (every reference.conf merged), print the demo on stdout, and keep logs off stdout.
 */
class PackagedJarIT {

  static final Path JAR = Path.of(System.getProperty("actors.jar", "target/actors.jar"));

  record Result(int exitCode, String stdout, String stderr) {}

  /** Starts {@code java -jar actors.jar args}, its output discarded. */
  static Process startJar(String... args) throws IOException {
    return new ProcessBuilder(command(args))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  static List<String> command(String... args) {
    return command(List.of(), args);
  }

  static List<String> command(List<String> jvmOptions, String... args) {
    assertThat(JAR).as("the packaged jar").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    return command;
  }

  static Result runJar(String... args) throws IOException, InterruptedException {
    return runJar(List.of(), args);
  }

  /** Runs the jar in a JVM started with {@code jvmOptions} (a heap limit, say). */
  static Result runJar(List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    return run(command(jvmOptions, args));
  }

  /** Runs {@code command} with this JVM as JAVA_HOME and waits for it, at most 5 minutes. */
  static Result run(List<String> command) throws IOException, InterruptedException {
    return run(command, System.getProperty("java.home"));
  }

  /**
   * Runs {@code command} with {@code javaHome} as JAVA_HOME and waits for it, at most 5 minutes.
   */
  static Result run(List<String> command, String javaHome)
      throws IOException, InterruptedException {
    Path stdout = Files.createTempFile("actors-it-", ".out");
    Path stderr = Files.createTempFile("actors-it-", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile());
      builder.environment().put("JAVA_HOME", javaHome);
      Process process = builder.start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " hung");
      }
      return new Result(
          process.exitValue(),
          Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  /**
   * {@code bin/actors}, the launcher with the flags measured best: the first {@code download} after
   * a build archives the classes it loaded (AppCDS, or the AOT cache from JDK 25; one archive per
   * JVM version), later runs map that archive, and no JVM message reaches stdout, which belongs to
   * the command ({@code --json}, {@code --version}).
   */
  @Test
  void launcher_firstDownloadArchivesTheClasses_andStdoutCarriesOnlyTheCommandsOutput()
      throws Exception {
    launcherArchivesAndKeepsStdoutClean(System.getProperty("java.home"));
  }

  /**
   * The same on JDK 25, where the launcher writes an AOT cache in a second step after the command:
   * that step's messages must not reach stdout either. Skipped where no JDK 25 is installed.
   */
  @Test
  void launcher_onJdk25_writesTheAotCache_andStdoutCarriesOnlyTheCommandsOutput() throws Exception {
    Path jdk25 = Path.of(System.getProperty("actors.test.jdk25", JDK25));
    assumeTrue(Files.isExecutable(jdk25.resolve("bin/java")), "no JDK 25 at " + jdk25);
    launcherArchivesAndKeepsStdoutClean(jdk25.toString());
    assertThat(archives().get(0).getFileName().toString()).startsWith("actors-25").endsWith(".aot");
  }

  private static final String JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64";

  private static void launcherArchivesAndKeepsStdoutClean(String javaHome) throws Exception {
    for (Path old : archives()) {
      Files.delete(old);
    }
    String version =
        run(List.of(
                Path.of(javaHome, "bin", "java").toString(), "-jar", JAR.toString(), "--version"))
            .stdout();
    assertThat(version).startsWith("actors ");
    Result versionRun = run(List.of("bin/actors", "--version"), javaHome);
    assertThat(versionRun.stdout()).isEqualTo(version);
    assertThat(archives()).as("--version starts no Pekko: nothing to archive").isEmpty();

    Path out = Files.createTempDirectory("actors-launcher-");
    List<String> download =
        List.of(
            "bin/actors",
            "download",
            "--json",
            "--retries",
            "0",
            "-o",
            out.toString(),
            "http://127.0.0.1:1/refused");
    for (int run = 1; run <= 2; run++) { // the first writes the archive, the second maps it
      Result result = run(download, javaHome);
      assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
      assertThat(result.stdout()).startsWith("{").contains("\"exit_code\":1").endsWith("}\n");
      List<Path> archives = archives();
      assertThat(archives).as("one archive, for the JVM that ran").hasSize(1);
      assertThat(archives.get(0)).isNotEmptyFile();
    }
    Result usage = run(List.of("bin/actors", "--no-such-option"), javaHome);
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.stdout()).isEmpty();
  }

  /** The launcher's class archives: {@code target/actors-<java version>.jsa} or {@code .aot}. */
  private static List<Path> archives() throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = Files.list(JAR.getParent())) {
      return files
          .filter(f -> f.getFileName().toString().matches("actors-.+\\.(jsa|aot)"))
          .toList();
    }
  }

  @Test
  void help_listsSubcommands() throws Exception {
    Result result = runJar("--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).contains("demo");
  }

  @Test
  void aBrokenConfigFile_isOneLineNamingIt_exitTwo() throws Exception {
    Path conf = Files.createTempFile("actors-broken-", ".conf");
    Files.writeString(conf, "actors { pipeline { parallelism = [ }\n");
    for (List<String> args :
        List.of(List.of("download", "--help"), List.of("serve", "--help"), List.of("demo"))) {
      String subcommand = String.join(" ", args);
      Result result = runJar(List.of("-Dconfig.file=" + conf), args.toArray(String[]::new));
      assertThat(result.exitCode()).as(subcommand).isEqualTo(2);
      assertThat(result.stderr().strip().lines())
          .as(result.stderr())
          .singleElement()
          .asString()
          .startsWith("actors: bad config: ")
          .contains(conf.getFileName().toString());
    }
    Files.delete(conf);
  }

  @Test
  void unknownOption_exitsTwoWithAClearMessage() throws Exception {
    Result result = runJar("--no-such-option");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("Unknown option: '--no-such-option'");
  }

  @Test
  void demo_runsEverySectionAndExitsZero() throws Exception {
    Result result = runJar("demo");
    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    assertThat(result.stdout())
        .contains("Spawn and join")
        .contains("count = 40000")
        .contains("next get -> 40")
        .contains("next get -> 0")
        .contains("on thread actors-actors.blocking-dispatcher")
        .contains("get a -> Some(\"1\"), get b -> None")
        .contains("put c -> b evicted (least recently used), a kept; 1 eviction counted")
        .contains("read-through: 100 concurrent gets of user:42 -> 1 load, 100 callers got")
        .contains("sync_channel(2): consumer got [0, 1, 2, 3, 4], then the end")
        .contains("send after close -> Rejected[value=5, reason=channel closed]")
        .contains("actor:  received 7 from ch1")
        .contains("actor:  timeout")
        .contains("= 100000 (load shedding, counted and logged)")
        .contains("timeout: token.cancel()")
        .contains("producer stopped, nothing left running")
        .contains("stored /files/file-0")
        .contains("cancel after 2 s: 24 stored, 8 cancelled; 24 files and the manifest")
        .contains("All sections done.");
    assertThat(result.stdout()).as("logs stay off stdout").doesNotContain("WARN", "ERROR");
    assertThat(result.stderr()).as("drops are logged").contains("message(s) dropped");
    assertThat(result.stderr())
        .as("the demo's failures on purpose are one line each, said to be expected")
        .contains("task broken failed, as this demo intends: simulated failure")
        .doesNotContain("\tat ")
        .doesNotContain("ERROR");
  }

  /** The service starts from the jar and stops on SIGTERM with exit 0 (more in ServeJarIT). */
  @Test
  void serve_startsAndStopsOnSigterm() throws Exception {
    Path data = Files.createTempDirectory("packaged-serve");
    Process process =
        new ProcessBuilder(command("serve", "--port", "0", "--data", data.toString()))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    java.io.BufferedReader stdout =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String ready =
        java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return stdout.readLine();
                  } catch (IOException e) {
                    return null;
                  }
                })
            .get(60, TimeUnit.SECONDS);
    assertThat(ready).matches("serving on http://127\\.0\\.0\\.1:\\d+");
    process.destroy(); // SIGTERM
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
  }
}
