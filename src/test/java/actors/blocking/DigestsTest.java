package actors.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestsTest {

  @Test
  void sha256_ofBytesMatchesTheStandardVector() {
    assertThat(Digests.sha256(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void sha256_ofAFileEqualsTheDigestOfItsBytes(@TempDir Path dir) throws Exception {
    byte[] data = new byte[200_000]; // several read blocks, and a partial last one
    new Random(1).nextBytes(data);
    Path file = Files.write(dir.resolve("data.bin"), data);
    assertThat(Digests.sha256(file)).isEqualTo(Digests.sha256(data));
  }
}
