package dev.aiaudit.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts for the exporters: trust the CA certificates of one PEM file (or the JDK's default CAs), and, for
 * servers that ask for one (mutual TLS), present a client certificate with its PKCS#8 private key.
 */
public final class Tls {
  private Tls() {}

  /**
   * A TLS 1.2/1.3 client context trusting only the certificates in {@code pem}.
   *
   * @throws IllegalArgumentException when the bytes hold no certificate
   */
  public static SSLContext trusting(byte[] pem) throws GeneralSecurityException, IOException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trustStore(pem));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /**
   * A client context for mutual TLS: trusts {@code caPem} (null: the JDK's CAs) and presents the certificate chain
   * of {@code certPem} (the client's certificate first) with the private key of {@code keyPem}: unencrypted PKCS#8
   * ({@code BEGIN PRIVATE KEY}; RSA, EC, Ed25519 or Ed448).
   *
   * @throws IllegalArgumentException when a file holds no certificate or no usable key, or the key does not belong
   *     to the certificate
   */
  public static SSLContext client(byte[] caPem, byte[] certPem, byte[] keyPem) throws GeneralSecurityException, IOException {
    Certificate[] chain = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(certPem))
        .toArray(Certificate[]::new);
    if (chain.length == 0) {
      throw new IllegalArgumentException("no PEM certificate found in the client certificate file");
    }
    PrivateKey key = privateKey(keyPem);
    if (!matches(chain[0].getPublicKey(), key)) {
      throw new IllegalArgumentException("the private key does not belong to the client certificate ("
          + ((X509Certificate) chain[0]).getSubjectX500Principal().getName() + ")");
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] pass = new char[0];
    ks.setKeyEntry("client", key, pass, chain);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pass);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (caPem == null) {
      tmf.init((KeyStore) null);
    } else {
      tmf.init(trustStore(caPem));
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static final Pattern PEM_KEY = Pattern.compile("-----BEGIN ([A-Z ]*PRIVATE KEY)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

  /** The unencrypted PKCS#8 private key of a PEM file. */
  static PrivateKey privateKey(byte[] pem) throws GeneralSecurityException {
    Matcher m = PEM_KEY.matcher(new String(pem, StandardCharsets.US_ASCII));
    if (!m.find()) {
      throw new IllegalArgumentException("no PEM private key found (expected -----BEGIN PRIVATE KEY-----)");
    }
    if (!m.group(1).equals("PRIVATE KEY")) {
      throw new IllegalArgumentException("the key is '" + m.group(1) + "', expected an unencrypted PKCS#8 'PRIVATE KEY'"
          + " (convert it: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem)");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
    for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (InvalidKeySpecException e) {
        // not this algorithm
      }
    }
    throw new IllegalArgumentException("the PKCS#8 private key is not RSA, EC, Ed25519 or Ed448");
  }

  /** Whether {@code key} is the private half of {@code pub}: sign a probe and verify it. */
  private static boolean matches(PublicKey pub, PrivateKey key) throws GeneralSecurityException {
    if (!pub.getAlgorithm().equals(key.getAlgorithm())) {
      return false;
    }
    String alg = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "Ed448" -> key.getAlgorithm();
      default -> null;
    };
    if (alg == null) {
      return true; // no probe for this algorithm (RSASSA-PSS): the handshake will tell
    }
    byte[] probe = "ai-audit".getBytes(StandardCharsets.US_ASCII);
    Signature sign = Signature.getInstance(alg);
    sign.initSign(key);
    sign.update(probe);
    byte[] sig = sign.sign();
    Signature verify = Signature.getInstance(alg);
    verify.initVerify(pub);
    verify.update(probe);
    return verify.verify(sig);
  }

  private static KeyStore trustStore(byte[] pem) throws GeneralSecurityException, IOException {
    Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
    if (certs.isEmpty()) {
      throw new IllegalArgumentException("no PEM certificate found");
    }
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    int i = 0;
    for (Certificate c : certs) {
      ks.setCertificateEntry("ca-" + i++, c);
    }
    return ks;
  }

  /** The JDK's default context (system CAs). */
  public static SSLContext systemDefault() throws GeneralSecurityException {
    return SSLContext.getDefault();
  }
}
