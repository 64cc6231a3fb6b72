package dev.aiaudit.server.admission;

import dev.aiaudit.model.text.InputFiles;
import dev.aiaudit.model.text.SafeText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

  /** Limit on a certificate, key, CA or key store file: real ones are a few KB. */
  public static final long MAX_FILE_BYTES = 1 << 20;

  public static TlsMaterial fromPem(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
    List<Certificate> chain = certificates(certFile);
    String keyPem = new String(read(keyFile), StandardCharsets.US_ASCII);
    Matcher m = PEM.matcher(keyPem);
    if (!m.find()) {
      throw new GeneralSecurityException(SafeText.escape(keyFile.toString()) + ": no PEM block found");
    }
    if (!m.group(1).equals("PRIVATE KEY")) {
      throw new GeneralSecurityException(SafeText.escape(keyFile.toString()) + ": " + m.group(1)
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
      throw new GeneralSecurityException(SafeText.escape(keyFile.toString()) + ": not an RSA, EC or Ed25519 PKCS#8 key");
    }
    char[] pw = "in-memory".toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(ALIAS, key, pw, chain.toArray(Certificate[]::new));
    return new TlsMaterial(ks, pw);
  }

  public static TlsMaterial fromPkcs12(Path file, char[] password) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new ByteArrayInputStream(read(file))) {
      ks.load(in, password);
    } catch (IOException e) {
      throw new IOException(SafeText.escape(file.toString()) + ": not a PKCS#12 key store, or a wrong password ("
          + SafeText.capped(String.valueOf(e.getMessage()), 120) + ")", e);
    }
    return new TlsMaterial(ks, password);
  }

  /**
   * A trust store holding the CA certificate(s) of a PEM file: the client CA for mutual TLS.
   *
   * @throws GeneralSecurityException when the file holds no certificate or one that is not a CA
   */
  public static KeyStore clientCa(Path caFile) throws IOException, GeneralSecurityException {
    List<Certificate> cas = certificates(caFile);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (Certificate c : cas) {
      trust.setCertificateEntry("client-ca" + i++, c);
    }
    return trust;
  }

  /** The PEM certificates of {@code file}, at least one; the file is read with a size limit. */
  static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    List<Certificate> chain;
    try {
      chain = List.copyOf(CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(read(file))));
    } catch (java.security.cert.CertificateException e) {
      throw new GeneralSecurityException(SafeText.escape(file.toString()) + ": not a PEM certificate ("
          + SafeText.capped(String.valueOf(e.getMessage()), 120) + ")", e);
    }
    if (chain.isEmpty()) {
      throw new GeneralSecurityException(SafeText.escape(file.toString()) + ": no certificate found");
    }
    return chain;
  }

  private static byte[] read(Path file) throws IOException {
    try {
      return InputFiles.readBytes(file, MAX_FILE_BYTES);
    } catch (InputFiles.InputFileException e) {
      throw new IOException(e.getMessage(), e);
    }
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
