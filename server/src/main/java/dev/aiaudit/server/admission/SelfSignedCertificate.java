package dev.aiaudit.server.admission;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away self-signed certificate for {@code localhost}/{@code 127.0.0.1}, made with the JDK's
 * {@code keytool} (tests and the loopback benchmark; production uses the cluster's certificate).
 *
 * @param pkcs12 the key store file
 * @param certPem the certificate as PEM (what a client trusts)
 * @param keyPem the private key as PKCS#8 PEM
 */
public record SelfSignedCertificate(Path pkcs12, char[] password, Path certPem, Path keyPem) {

  public static SelfSignedCertificate generate(Path dir) throws IOException, GeneralSecurityException {
    Path p12 = dir.resolve("webhook.p12");
    char[] pw = "changeit-test".toCharArray();
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process proc = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", TlsMaterial.ALIAS,
        "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", p12.toString(), "-storepass", new String(pw), "-keypass", new String(pw)))
        .redirectErrorStream(true).start();
    try {
      if (!proc.waitFor(60, TimeUnit.SECONDS) || proc.exitValue() != 0) {
        throw new IOException("keytool failed: " + new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
    KeyStore ks = TlsMaterial.fromPkcs12(p12, pw).keyStore();
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Files.writeString(cert, pem("CERTIFICATE", ks.getCertificate(TlsMaterial.ALIAS).getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", ks.getKey(TlsMaterial.ALIAS, pw).getEncoded()));
    return new SelfSignedCertificate(p12, pw, cert, key);
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
