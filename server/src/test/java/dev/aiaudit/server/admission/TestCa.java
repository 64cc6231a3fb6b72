package dev.aiaudit.server.admission;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A throw-away CA made with the JDK's keytool, and client certificates it signs (mutual TLS tests). */
final class TestCa {

  private static final String PW = "changeit-ca";
  private final Path dir;
  private final String name;
  final Path caPem;

  private TestCa(Path dir, String name) {
    this.dir = dir;
    this.name = name;
    this.caPem = dir.resolve(name + "-ca.crt");
  }

  static TestCa create(Path dir, String name) throws Exception {
    TestCa ca = new TestCa(dir, name);
    ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=" + name + " test CA", "-ext", "bc:c", "-keystore", ca.caStore().toString(),
        "-storetype", "PKCS12", "-storepass", PW, "-keypass", PW);
    ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.caStore().toString(), "-storepass", PW,
        "-file", ca.caPem.toString());
    return ca;
  }

  private Path caStore() {
    return dir.resolve(name + "-ca.p12");
  }

  /** A PKCS#12 key store with a client key and its certificate chain signed by this CA. */
  Path issueClient(String cn) throws Exception {
    Path store = dir.resolve(name + "-" + cn + ".p12");
    Path csr = dir.resolve(name + "-" + cn + ".csr");
    Path crt = dir.resolve(name + "-" + cn + ".crt");
    keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=" + cn, "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PW, "-keypass", PW);
    keytool("-certreq", "-alias", "client", "-keystore", store.toString(), "-storepass", PW, "-file", csr.toString());
    keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore().toString(), "-storepass", PW,
        "-infile", csr.toString(), "-outfile", crt.toString(), "-ext", "eku=clientAuth", "-validity", "2");
    keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", store.toString(), "-storepass", PW,
        "-file", caPem.toString());
    keytool("-importcert", "-noprompt", "-alias", "client", "-keystore", store.toString(), "-storepass", PW,
        "-file", crt.toString());
    return store;
  }

  /** A client context presenting the key of {@code clientStore} (none when null) and trusting {@code serverPem}. */
  static SSLContext clientContext(Path clientStore, Path serverPem) throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(serverPem)) {
      trust.setCertificateEntry("server", java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
    }
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (clientStore != null) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(clientStore)) {
        ks.load(in, PW.toCharArray());
      }
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PW.toCharArray());
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: "
          + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
