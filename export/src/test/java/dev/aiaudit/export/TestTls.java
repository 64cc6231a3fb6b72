package dev.aiaudit.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed server certificate for 127.0.0.1, made by the JDK's keytool: the server side of TLS tests, and
 * the PEM a client must trust.
 */
public final class TestTls {
  private final Path keystore;
  private final byte[] pem;
  private static final char[] PASS = "changeit".toCharArray();

  private TestTls(Path keystore, byte[] pem) {
    this.keystore = keystore;
    this.pem = pem;
  }

  public static TestTls create(Path dir, String alias) throws IOException, InterruptedException {
    Path ks = dir.resolve(alias + ".p12");
    Path cert = dir.resolve(alias + ".pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(List.of(keytool, "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + alias,
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12",
        "-storepass", new String(PASS)));
    run(List.of(keytool, "-exportcert", "-rfc", "-alias", alias, "-keystore", ks.toString(), "-storepass", new String(PASS),
        "-file", cert.toString()));
    return new TestTls(ks, Files.readAllBytes(cert));
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("keytool failed: " + out);
    }
  }

  public byte[] certificatePem() {
    return pem.clone();
  }

  /** The private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), as a client of mutual TLS is given it. */
  public byte[] privateKeyPem() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      ks.load(in, PASS);
    }
    String alias = ks.aliases().nextElement();
    byte[] der = ks.getKey(alias, PASS).getEncoded();
    return ("-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END PRIVATE KEY-----\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** The server side of mutual TLS: this certificate, and trust in the client certificates of {@code clientPem}. */
  public SSLContext serverContext(byte[] clientPem) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      ks.load(in, PASS);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASS);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (var c : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(new java.io.ByteArrayInputStream(clientPem))) {
      trust.setCertificateEntry("client-" + i++, c);
    }
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  public SSLContext serverContext() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      ks.load(in, PASS);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASS);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }
}
