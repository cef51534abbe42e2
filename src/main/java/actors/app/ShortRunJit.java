package actors.app;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * JIT policy for a short command ({@code download}): C2, the optimizing compiler, only for the
 * JDK's cryptography (SHA-256, and TLS's ciphers and key exchange: C2 turns them into the CPU's SHA
 * and AES instructions, which C1 does not), C1 for everything else.
 *
 * <p>On a cold run most of C2's work is spent on code that runs for seconds only: Pekko's stream
 * interpreter, HTTP parser and pools. C1 alone made 10,000 small downloads 29% faster but large
 * ones 73% slower (SHA-256 at 40-75 MB/s instead of 1.5 GB/s); C2 for the digests only made both
 * faster (docs/BENCHMARKS.md, "Issue #15"). TLS needs the same: AES-GCM compiled by C1 ran at 26-29
 * MB/s, against 2,100-2,400 MB/s with C2 (bench/JitPolicyCheck.java). The policy is a compiler
 * directive (JEP 165), added through the JVM's diagnostic command MBean as {@code jcmd
 * Compiler.directives_add} would: it needs no JVM flag, so {@code java -jar} gets it too, and
 * prints nothing. {@code Main} adds it beside start-up; if the JVM refuses (another JVM, no
 * temporary directory), the run goes on with the JVM's own policy.
 */
final class ShortRunJit {

  private ShortRunJit() {}

  /**
   * The directives: the first that matches a method applies. The JDK's security, cryptography and
   * big-number classes keep C2; every other method is excluded from it and stays C1-compiled.
   */
  static final String DIRECTIVES =
      """
      [
        { match: ["sun/security/*.*", "com/sun/crypto/*.*", "java/security/*.*",
                  "javax/crypto/*.*", "java/math/*.*"],
          c2: { Exclude: false } },
        { match: "*.*", c2: { Exclude: true } }
      ]
      """;

  /** Adds {@link #DIRECTIVES}; what the JVM answered, or why not. */
  static String apply() {
    Path file = null;
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer(); // the slow part: first
      file = Files.createTempFile("actors-jit-", ".json");
      Files.writeString(file, DIRECTIVES, StandardCharsets.UTF_8);
      Object answer =
          server.invoke(
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
