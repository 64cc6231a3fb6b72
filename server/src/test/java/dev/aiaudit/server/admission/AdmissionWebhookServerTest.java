package dev.aiaudit.server.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.policy.admission.AdmissionReviews;
import dev.aiaudit.policy.admission.RequiredAnnotationsPolicy;
import dev.aiaudit.policy.inventory.AcceleratorResources;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdmissionWebhookServerTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir static Path dir;
  private static SelfSignedCertificate cert;
  private static AdmissionWebhookServer server;
  private static HttpClient client;
  private static URI validate;

  @BeforeAll
  static void start() throws Exception {
    cert = SelfSignedCertificate.generate(dir);
    AdmissionReviews reviews = new AdmissionReviews(new RequiredAnnotationsPolicy(), AcceleratorResources.DEFAULT);
    server = AdmissionWebhookServer.start(reviews, TlsMaterial.fromPem(cert.certPem(), cert.keyPem()),
        "127.0.0.1", 0, 64 * 1024);
    client = HttpClient.newBuilder().sslContext(TlsMaterial.trusting(Files.readAllBytes(cert.certPem())))
        .connectTimeout(Duration.ofSeconds(5)).build();
    validate = URI.create("https://127.0.0.1:" + server.port() + "/validate");
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static byte[] fixture(String name) throws Exception {
    try (InputStream in = AdmissionWebhookServerTest.class.getResourceAsStream("/admission/" + name)) {
      return in.readAllBytes();
    }
  }

  private static HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
    return client.send(HttpRequest.newBuilder(validate).header("Content-Type", "application/json").POST(body)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(byte[] body) throws Exception {
    return post(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  @Test
  void validate_unannotatedGpuPod_deniedWithReasonsOverHttps() throws Exception {
    HttpResponse<String> resp = post(fixture("pod-gpu-unannotated.json"));

    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode r = MAPPER.readTree(resp.body()).path("response");
    assertThat(r.path("uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
    assertThat(r.path("allowed").asBoolean()).isFalse();
    assertThat(r.path("status").path("code").asInt()).isEqualTo(403);
    assertThat(r.path("status").path("message").asText()).contains("[AIA-ADM-001]", "[AIA-ADM-002]");
    assertThat(r.path("warnings")).hasSize(2);
  }

  @Test
  void validate_gpuPodWithForgedOwnerReference_deniedOverHttps() throws Exception {
    for (String owner : new String[] {
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"anything\",\"uid\":\"1\",\"controller\":true}",
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"rs\",\"uid\":\""
            + java.util.UUID.randomUUID() + "\",\"controller\":true}",
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"rs\",\"uid\":\"2\",\"controller\":false}"}) {
      String body = new String(fixture("pod-gpu-unannotated.json"), java.nio.charset.StandardCharsets.UTF_8)
          .replace("\"metadata\": {\"name\": \"gpu-notebook\",",
              "\"metadata\": {\"ownerReferences\": [" + owner + "], \"name\": \"gpu-notebook\",");
      assertThat(body).contains("ownerReferences");

      JsonNode r = MAPPER.readTree(post(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).body()).path("response");

      assertThat(r.path("allowed").asBoolean()).as(owner).isFalse();
      assertThat(r.path("status").path("message").asText()).contains("[AIA-ADM-001]", "[AIA-ADM-002]");
    }
  }

  @Test
  void validate_annotatedDeployment_allowedWithWarnings() throws Exception {
    JsonNode r = MAPPER.readTree(post(fixture("deployment-annotated.json")).body()).path("response");

    assertThat(r.path("uid").asText()).isEqualTo("0df28fbd-5f5f-11e8-bc74-36e6bb280816");
    assertThat(r.path("allowed").asBoolean()).isTrue();
    assertThat(r.path("warnings").get(0).asText()).startsWith("[AIA-ADM-005]");
  }

  @Test
  void validate_badRequests_clear4xxAndServerStaysUp() throws Exception {
    HttpResponse<String> malformed = post("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\":".getBytes());
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(MAPPER.readTree(malformed.body()).path("error").asText()).startsWith("malformed JSON: ");

    HttpResponse<String> wrongVersion = post(new String(fixture("configmap.json"))
        .replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1").getBytes());
    assertThat(wrongVersion.statusCode()).isEqualTo(400);
    assertThat(wrongVersion.body()).isEqualTo(
        "{\"error\":\"apiVersion must be admission.k8s.io/v1, got 'admission.k8s.io/v1beta1'\"}");

    HttpResponse<String> wrongKind = post("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"Pod\"}".getBytes());
    assertThat(wrongKind.statusCode()).isEqualTo(400);
    assertThat(wrongKind.body()).contains("kind must be AdmissionReview, got 'Pod'");

    byte[] huge = new byte[200 * 1024];
    Arrays.fill(huge, (byte) ' ');
    HttpResponse<String> tooLarge = post(huge);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.body()).isEqualTo("{\"error\":\"request body exceeds 65536 bytes\"}");

    HttpResponse<String> chunkedTooLarge =
        post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)));
    assertThat(chunkedTooLarge.statusCode()).isEqualTo(413);

    HttpResponse<String> good = post(fixture("configmap.json"));
    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(MAPPER.readTree(good.body()).at("/response/allowed").asBoolean()).isTrue();
    assertThat(server.stats().badRequests()).isGreaterThanOrEqualTo(3);
    assertThat(server.stats().tooLarge()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void healthz_get_ok() throws Exception {
    HttpResponse<String> resp = client.send(HttpRequest.newBuilder(
        URI.create("https://127.0.0.1:" + server.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.body()).isEqualTo("ok");
  }

  @Test
  void plainHttp_toTlsPort_isNotServed() {
    HttpClient plain = HttpClient.newHttpClient();
    try (plain) {
      assertThatThrownBy(() -> {
        HttpResponse<String> r = plain.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/healthz")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isNotEqualTo(200);
        throw new java.io.IOException("answered " + r.statusCode());
      }).isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void client_notTrustingTheCertificate_failsHandshake() {
    HttpClient untrusting = HttpClient.newHttpClient();
    try (untrusting) {
      assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(validate)
          .POST(HttpRequest.BodyPublishers.ofByteArray(fixture("configmap.json"))).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
  }
}
