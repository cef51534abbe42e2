package actors.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Digests cloned from one prototype are independent, before and after the JIT warm-up. */
class Sha256Test {

  static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void digestsAreIndependent_andTheWarmUpLeavesThemCorrect() {
    var first = Sha256.create();
    first.update("ab".getBytes(StandardCharsets.US_ASCII));
    Sha256.warmUp();
    assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
    first.update("c".getBytes(StandardCharsets.US_ASCII));
    assertThat(Sha256.hex(first)).isEqualTo(ABC);
    assertThat(Sha256.hex(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
