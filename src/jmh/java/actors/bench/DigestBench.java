package actors.bench;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the manifest's SHA-256 costs a download: one 4 MiB body (workload B's size) hashed in 128
 * KiB chunks, the way {@code BodyWriter} sees it. Score: bodies per second; times 4 MiB, the
 * hashing speed in bytes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DigestBench {

  static final int BODY = 4 << 20;
  static final int CHUNK = 128 << 10;

  ByteBuffer body;

  @Setup
  public void fill() {
    byte[] bytes = new byte[BODY];
    new Random(1).nextBytes(bytes);
    body = ByteBuffer.wrap(bytes);
  }

  @Benchmark
  public byte[] sha256Of4MiB() throws Exception {
    MessageDigest sha256 = actors.support.Sha256.create();
    for (int offset = 0; offset < BODY; offset += CHUNK) {
      sha256.update(body.duplicate().position(offset).limit(offset + CHUNK));
    }
    return sha256.digest();
  }
}
