package actors.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The download's JIT policy is a directive the JVM accepts whole (both of its entries). */
class ShortRunJitTest {

  @Test
  void theJvmAcceptsBothDirectives() {
    assertThat(ShortRunJit.apply()).isEqualTo("2 compiler directives added");
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
