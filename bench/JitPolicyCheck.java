import java.lang.reflect.Method;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * What download's JIT policy (actors.app.ShortRunJit) does to the JDK's cryptography: AES-GCM (a
 * TLS record's cipher) and SHA-256 throughput in MB/s, with the policy or with the JVM's own.
 * Each policy needs its own JVM (compiled code is not recompiled when a directive is removed):
 *
 *   mvn -q package -DskipTests
 *   java -cp target/actors.jar bench/JitPolicyCheck.java policy
 *   java -cp target/actors.jar bench/JitPolicyCheck.java default
 *
 * Prints one line per half-second round; the last rounds are the compiled code's.
 */
public class JitPolicyCheck {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("policy")) {
      Method apply = Class.forName("actors.app.ShortRunJit").getDeclaredMethod("apply");
      apply.setAccessible(true);
      System.out.println("policy: " + apply.invoke(null));
    }
    SecretKey key = KeyGenerator.getInstance("AES").generateKey();
    byte[] record = new byte[16384];
    byte[] sealed = new byte[record.length + 16];
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    for (int round = 1; round <= 8; round++) {
      long start = System.nanoTime();
      long n = 0;
      while (System.nanoTime() - start < 500_000_000L) {
        byte[] iv = new byte[12];
        iv[0] = (byte) n;
        iv[1] = (byte) (n >> 8);
        iv[2] = (byte) (n >> 16);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        cipher.doFinal(record, 0, record.length, sealed, 0);
        n++;
      }
      double aes = n * record.length / ((System.nanoTime() - start) / 1e9) / 1e6;
      start = System.nanoTime();
      n = 0;
      while (System.nanoTime() - start < 500_000_000L) {
        sha256.update(record);
        n++;
      }
      double sha = n * record.length / ((System.nanoTime() - start) / 1e9) / 1e6;
      System.out.printf("round %d: AES-GCM %.0f MB/s, SHA-256 %.0f MB/s%n", round, aes, sha);
    }
  }
}
