package actors.pipeline;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for 127.0.0.1, made by the JDK's own {@code keytool} (the JDK has no
 * API for it): a PKCS12 key store for a test server, and the certificate as PEM for {@code
 * --cacert}.
 */
public record SelfSigned(Path keyStore, Path pem, char[] password) {

  /** Makes one in {@code dir}. */
  public static SelfSigned in(Path dir) throws Exception {
    Path keyStore = dir.resolve("server.p12");
    Path pem = dir.resolve("server.pem");
    String password = "changeit";
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    run(
        List.of(
            keytool.toString(),
            "-genkeypair",
            "-alias",
            "server",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=127.0.0.1",
            "-ext",
            "SAN=ip:127.0.0.1",
            "-validity",
            "2",
            "-storetype",
            "PKCS12",
            "-keystore",
            keyStore.toString(),
            "-storepass",
            password),
        dir);
    run(
        List.of(
            keytool.toString(),
            "-exportcert",
            "-rfc",
            "-alias",
            "server",
            "-keystore",
            keyStore.toString(),
            "-storepass",
            password,
            "-file",
            pem.toString()),
        dir);
    return new SelfSigned(keyStore, pem, password.toCharArray());
  }

  private static void run(List<String> command, Path dir) throws Exception {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("keytool.log").toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "keytool failed: " + Files.readString(dir.resolve("keytool.log")));
    }
  }

  /** A server context with this key. */
  public SSLContext serverContext() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, password);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }
}
