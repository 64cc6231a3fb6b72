package dev.aiaudit.server.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.policy.admission.AdmissionReviews;
import dev.aiaudit.policy.admission.RequiredAnnotationsPolicy;
import dev.aiaudit.policy.inventory.AcceleratorResources;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --client-ca}: only clients with a certificate signed by the given CA get an answer. */
class WebhookMutualTlsTest {

  @TempDir static Path dir;
  private static SelfSignedCertificate cert;
  private static TestCa apiServerCa;
  private static TestCa otherCa;
  private static AdmissionWebhookServer server;
  private static byte[] gpuPod;

  @BeforeAll
  static void start() throws Exception {
    cert = SelfSignedCertificate.generate(dir);
    apiServerCa = TestCa.create(dir, "apiserver");
    otherCa = TestCa.create(dir, "other");
    server = AdmissionWebhookServer.start(
        new AdmissionReviews(new RequiredAnnotationsPolicy(), AcceleratorResources.DEFAULT),
        TlsMaterial.fromPem(cert.certPem(), cert.keyPem()), "127.0.0.1", 0, 64 * 1024, WebhookLimits.DEFAULTS,
        TlsMaterial.clientCa(apiServerCa.caPem));
    try (InputStream in = WebhookMutualTlsTest.class.getResourceAsStream("/admission/pod-gpu-unannotated.json")) {
      gpuPod = in.readAllBytes();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(SSLContext ssl) throws Exception {
    try (HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build()) {
      return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/validate"))
          .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(gpuPod)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void clientCertificateFromTheClientCa_answered() throws Exception {
    HttpResponse<String> resp = post(TestCa.clientContext(apiServerCa.issueClient("kube-apiserver"), cert.certPem()));

    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(resp.body()).at("/response/allowed").asBoolean()).isFalse();
  }

  @Test
  void noClientCertificate_refusedInTheHandshake() {
    assertThatThrownBy(() -> post(TestCa.clientContext(null, cert.certPem()))).isInstanceOf(IOException.class);
  }

  @Test
  void clientCertificateFromAnotherCa_refusedInTheHandshake() {
    assertThatThrownBy(() -> post(TestCa.clientContext(otherCa.issueClient("intruder"), cert.certPem())))
        .isInstanceOf(IOException.class);
  }

  @Test
  void clientCaFile_notACertificate_oneLineError() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");

    assertThatThrownBy(() -> TlsMaterial.clientCa(junk)).hasMessage(junk + ": not a PEM certificate (No certificate data found)");
    assertThatThrownBy(() -> TlsMaterial.clientCa(Path.of("/dev/zero")))
        .hasMessage("/dev/zero: not a regular file (a character device)");
  }
}
