package actors.app;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * JIT policy for a short command ({@code download}): C2, the optimizing compiler, only for the
 * SHA-256 code (where it makes the CPU's SHA instructions of it); C1 for everything else.
 *
 * <p>On a cold run most of C2's work is spent on code that runs for seconds only: Pekko's stream
 * interpreter, HTTP parser and pools. C1 alone made 10,000 small downloads 29% faster but large
 * ones 70% slower (C1 does not compile SHA-256 into the SHA instructions); C2 for the digests only
 * made both faster (docs/BENCHMARKS.md, "Issue #15"). The policy is a compiler directive (JEP 165),
 * added through the JVM's diagnostic command MBean as {@code jcmd Compiler.directives_add} would:
 * it needs no JVM flag, so {@code java -jar} gets it too, and prints nothing. It is added on a
 * daemon thread, beside start-up; if the JVM refuses (another JVM, no temporary directory), the run
 * goes on with the JVM's own policy.
 */
final class ShortRunJit {

  private ShortRunJit() {}

  /**
   * The directives: the first that matches a method applies. The digest classes keep C2, every
   * other method is excluded from it and stays C1-compiled.
   */
  static final String DIRECTIVES =
      """
      [
        { match: ["sun/security/provider/DigestBase.*", "sun/security/provider/SHA2.*",
                  "java/security/MessageDigest.*", "java/security/MessageDigest$Delegate.*",
                  "java/security/MessageDigestSpi.*"],
          c2: { Exclude: false } },
        { match: "*.*", c2: { Exclude: true } }
      ]
      """;

  /** Adds {@link #DIRECTIVES} on a daemon thread of its own. */
  static void applyInBackground() {
    Thread apply = new Thread(ShortRunJit::apply, "jit-policy");
    apply.setDaemon(true);
    apply.start();
  }

  /** Adds {@link #DIRECTIVES}; what the JVM answered, or why not. */
  static String apply() {
    Path file = null;
    try {
      file = Files.createTempFile("actors-jit-", ".json");
      Files.writeString(file, DIRECTIVES, StandardCharsets.UTF_8);
      Object answer =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "compilerDirectivesAdd",
                  new Object[] {new String[] {file.toString()}},
                  new String[] {String[].class.getName()});
      return String.valueOf(answer).trim();
    } catch (Exception | LinkageError refused) { // only slower: the JVM's own policy stays
      return "not applied: " + refused;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (java.io.IOException ignored) {
          // A temporary file of a few hundred bytes left behind.
        }
      }
    }
  }
}
