package actors.pipeline;

import actors.support.InvalidSettingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;

/**
 * The https side of {@link RequestSettings}: the JDK's trust store (the client's default), the
 * certificates of a PEM file instead ({@code --cacert}, as curl), or none checked at all ({@code
 * --insecure}, curl's {@code -k}). A certificate that is not trusted fails the attempt as {@code
 * tls}, not retried; the debug log has the JDK's reason.
 */
final class Tls {

  private Tls() {}

  /** The client's connection context for https under {@code request}; empty for the default. */
  static java.util.Optional<HttpsConnectionContext> of(RequestSettings request) {
    if (request.insecure()) {
      SSLContext context = context(new TrustManager[] {new TrustingEveryone()});
      // No endpoint identification either: curl's -k accepts a certificate for another name too.
      return java.util.Optional.of(
          ConnectionContext.httpsClient(
              (host, port) -> {
                SSLEngine engine = context.createSSLEngine(host, port);
                engine.setUseClientMode(true);
                return engine;
              }));
    }
    return request.cacert().map(file -> ConnectionContext.httpsClient(context(file)));
  }

  /** A context trusting the certificates in {@code pem} only; fails naming the file. */
  static SSLContext context(Path pem) {
    String key = PipelineSettings.key("cacert");
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pem)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw new InvalidSettingException(
          key, "cannot read " + pem + ": " + OutputException.reason(e));
    } catch (GeneralSecurityException e) {
      throw new InvalidSettingException(
          key, pem + " holds no PEM certificate the JDK can read: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw new InvalidSettingException(key, pem + " holds no certificate");
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      return context(trust.getTrustManagers());
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidSettingException(key, pem + ": " + e.getMessage());
    }
  }

  private static SSLContext context(TrustManager[] trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no TLS context", e);
    }
  }

  /** What {@code --insecure} asks for: every certificate trusted. */
  private static final class TrustingEveryone implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
