package dev.aiaudit.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS contexts for the exporters: trust the CA certificates of one PEM file (or the JDK's default CAs). */
public final class Tls {
  private Tls() {}

  /**
   * A TLS 1.2/1.3 client context trusting only the certificates in {@code pem}.
   *
   * @throws IllegalArgumentException when the bytes hold no certificate
   */
  public static SSLContext trusting(byte[] pem) throws GeneralSecurityException, IOException {
    Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem));
    if (certs.isEmpty()) {
      throw new IllegalArgumentException("no PEM certificate found");
    }
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    int i = 0;
    for (Certificate c : certs) {
      ks.setCertificateEntry("ca-" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /** The JDK's default context (system CAs). */
  public static SSLContext systemDefault() throws GeneralSecurityException {
    return SSLContext.getDefault();
  }
}
