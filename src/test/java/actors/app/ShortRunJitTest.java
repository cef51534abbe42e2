package actors.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The download's JIT policy: a directive the JVM accepts whole, that keeps C2 for cryptography. */
class ShortRunJitTest {

  @Test
  void theJvmAcceptsBothDirectives() {
    assertThat(ShortRunJit.apply()).isEqualTo("2 compiler directives added");
  }

  @Test
  void theJdksCryptographyKeepsC2() { // C1's AES-GCM ran at 26-29 MB/s (bench/JitPolicyCheck.java)
    String keepsC2 = ShortRunJit.DIRECTIVES.substring(0, ShortRunJit.DIRECTIVES.indexOf("c2:"));
    assertThat(keepsC2)
        .contains("\"sun/security/*.*\"", "\"com/sun/crypto/*.*\"", "\"java/security/*.*\"")
        .contains("\"javax/crypto/*.*\"", "\"java/math/*.*\"");
  }

  @AfterEach
  void clear() throws Exception { // the rest of the tests keep the JVM's own policy
    ManagementFactory.getPlatformMBeanServer()
        .invoke(
            new ObjectName("com.sun.management:type=DiagnosticCommand"),
            "compilerDirectivesClear",
            new Object[] {new String[0]},
            new String[] {String[].class.getName()});
  }
}
