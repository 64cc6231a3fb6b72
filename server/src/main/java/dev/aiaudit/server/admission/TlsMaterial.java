package dev.aiaudit.server.admission;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The server's key and certificate chain as an in-memory key store: from a Kubernetes TLS secret's PEM files
 * ({@code tls.crt} chain + {@code tls.key} as unencrypted PKCS#8 {@code PRIVATE KEY}, RSA or EC), or from a
 * PKCS#12 key store.
 */
public record TlsMaterial(KeyStore keyStore, char[] password) {

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----", Pattern.DOTALL);
  static final String ALIAS = "webhook";

  public static TlsMaterial fromPem(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
    List<Certificate> chain;
    try (InputStream in = Files.newInputStream(certFile)) {
      chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
    }
    if (chain.isEmpty()) {
      throw new GeneralSecurityException(certFile + ": no certificate found");
    }
    String keyPem = Files.readString(keyFile, StandardCharsets.US_ASCII);
    Matcher m = PEM.matcher(keyPem);
    if (!m.find()) {
      throw new GeneralSecurityException(keyFile + ": no PEM block found");
    }
    if (!m.group(1).equals("PRIVATE KEY")) {
      throw new GeneralSecurityException(keyFile + ": " + m.group(1)
          + " is not supported; convert it with: openssl pkcs8 -topk8 -nocrypt -in tls.key -out tls.pk8.key");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
    PrivateKey key = null;
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
        break;
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    if (key == null) {
      throw new GeneralSecurityException(keyFile + ": not an RSA, EC or Ed25519 PKCS#8 key");
    }
    char[] pw = "in-memory".toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(ALIAS, key, pw, chain.toArray(Certificate[]::new));
    return new TlsMaterial(ks, pw);
  }

  public static TlsMaterial fromPkcs12(Path file, char[] password) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password);
    }
    return new TlsMaterial(ks, password);
  }

  /** A client {@link SSLContext} that trusts exactly the PEM certificate(s) in {@code caPem}. */
  public static SSLContext trusting(byte[] caPem) throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (Certificate c : CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(caPem))) {
      trust.setCertificateEntry("ca" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
