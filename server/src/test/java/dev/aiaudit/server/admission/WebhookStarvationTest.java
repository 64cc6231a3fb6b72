package dev.aiaudit.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.policy.admission.AdmissionReviews;
import dev.aiaudit.policy.admission.RequiredAnnotationsPolicy;
import dev.aiaudit.policy.inventory.AcceleratorResources;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris against the real HTTPS webhook on loopback: hundreds of TLS clients that send a header (or part
 * of one) and then trickle bytes, while the API server's AdmissionReview must still be answered within its
 * timeout (10 s, the API server's default). Attack size and duration are bounded by the test.
 */
class WebhookStarvationTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** The API server's default webhook timeout. */
  private static final Duration API_SERVER_TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static SelfSignedCertificate cert;
  private static TlsMaterial material;
  private static SSLContext trusting;
  private static byte[] gpuPod;

  @BeforeAll
  static void init() throws Exception {
    cert = SelfSignedCertificate.generate(dir);
    material = TlsMaterial.fromPem(cert.certPem(), cert.keyPem());
    trusting = TlsMaterial.trusting(java.nio.file.Files.readAllBytes(cert.certPem()));
    try (InputStream in = WebhookStarvationTest.class.getResourceAsStream("/admission/pod-gpu-unannotated.json")) {
      gpuPod = in.readAllBytes();
    }
  }

  private static AdmissionWebhookServer start(WebhookLimits limits) {
    return AdmissionWebhookServer.start(
        new AdmissionReviews(new RequiredAnnotationsPolicy(), AcceleratorResources.DEFAULT), material,
        "127.0.0.1", 0, 64 * 1024, limits, null);
  }

  /** The legitimate request, as the API server sends it, with the API server's timeout. */
  private static void assertAnsweredCorrectly(AdmissionWebhookServer server) throws Exception {
    try (HttpClient client = HttpClient.newBuilder().sslContext(trusting).connectTimeout(API_SERVER_TIMEOUT).build()) {
      HttpResponse<String> resp = client.send(HttpRequest.newBuilder(
              URI.create("https://127.0.0.1:" + server.port() + "/validate"))
          .header("Content-Type", "application/json").timeout(API_SERVER_TIMEOUT)
          .POST(HttpRequest.BodyPublishers.ofByteArray(gpuPod)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).isEqualTo(200);
      JsonNode r = MAPPER.readTree(resp.body()).path("response");
      assertThat(r.path("uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
      assertThat(r.path("allowed").asBoolean()).isFalse();
      assertThat(r.path("status").path("message").asText()).startsWith("ai-audit denied k8s:research/Pod/gpu-notebook: ");
    }
  }

  /** 127.0.x.y for client {@code i}: each slow client from its own loopback address. */
  private static InetAddress address(int i) throws Exception {
    return InetAddress.getByName("127.0." + (1 + i / 250) + "." + (1 + i % 250));
  }

  @Test
  void slowHeadersAndBodies_fromManyAddresses_legitimateReviewAnsweredAndSlowOnesClosed() throws Exception {
    // header and body limits long enough for 360 TLS handshakes on a loaded 2-core machine: the slow clients
    // must all be in place while the legitimate review is sent
    WebhookLimits limits = new WebhookLimits(Duration.ofSeconds(30), Duration.ofSeconds(40), Duration.ofSeconds(60),
        1024, 128);
    int attackers = 360;
    try (AdmissionWebhookServer server = start(limits); Attack attack = new Attack(server.port())) {
      for (int i = 0; i < attackers; i++) {
        attack.launch(address(i), i % 3 != 0); // two in three trickle a body, one in three a header
      }
      attack.awaitEstablished(attackers, Duration.ofSeconds(90));
      assertThat(attack.established.get()).as("slow clients connected").isGreaterThanOrEqualTo(300);
      assertThat(server.openConnections()).isGreaterThanOrEqualTo(300);

      assertAnsweredCorrectly(server);

      // each is cut at most 40 s (body limit) after its last progress; on a loaded machine the guard's sweep and the
      // clients' own reads lag behind that: wait up to 150 s (the attack itself stops at 240 s), returning at once
      // when every one is closed
      attack.awaitClosedByServer(attack.established.get(), Duration.ofSeconds(150));
      assertThat(attack.closedByServer.get()).as("every slow client was cut off by the server")
          .isEqualTo(attack.established.get());
      var counters = server.guardCounters();
      assertThat(counters.get("bodyTimeouts") + counters.get("headerTimeouts"))
          .isGreaterThanOrEqualTo(attack.established.get());
      assertThat(counters.get("bodyTimeouts")).isPositive();
      assertThat(counters.get("headerTimeouts")).isPositive();
      assertAnsweredCorrectly(server);
    }
  }

  @Test
  void manyConnectionsFromOneAddress_overTheLimitClosed_otherAddressesServed() throws Exception {
    WebhookLimits limits = new WebhookLimits(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60),
        1024, 32);
    try (AdmissionWebhookServer server = start(limits); Attack attack = new Attack(server.port())) {
      InetAddress one = InetAddress.getByName("127.0.0.2");
      for (int i = 0; i < 300; i++) {
        attack.launch(one, true);
      }
      attack.awaitSettled(300, Duration.ofSeconds(90));

      assertThat(server.guardCounters().get("refusedPerIp")).isGreaterThanOrEqualTo(300 - 32);
      assertThat(server.openConnections()).isLessThanOrEqualTo(32);
      assertAnsweredCorrectly(server);
    }
  }

  @Test
  void allSlotsTaken_newcomerEvictsTheLongestWaiting_legitimateReviewAnswered() throws Exception {
    WebhookLimits limits = new WebhookLimits(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60),
        64, 64);
    try (AdmissionWebhookServer server = start(limits); Attack attack = new Attack(server.port())) {
      for (int i = 0; i < 150; i++) {
        attack.launch(address(i), true);
      }
      attack.awaitSettled(150, Duration.ofSeconds(90));
      assertThat(server.openConnections()).isLessThanOrEqualTo(64);

      assertAnsweredCorrectly(server);

      assertThat(server.guardCounters().get("evicted")).isGreaterThanOrEqualTo(150 - 64);
    }
  }

  /** Slow TLS clients: each connects from a given address, sends a header or a header and a body start, trickles. */
  private static final class Attack implements AutoCloseable {
    private final int port;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<SSLSocket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger established = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger closedByServer = new AtomicInteger();
    private final long stopAt = System.nanoTime() + Duration.ofSeconds(240).toNanos();

    Attack(int port) {
      this.port = port;
    }

    void launch(InetAddress from, boolean body) {
      threads.submit(() -> {
        SSLSocket s;
        OutputStream out;
        try {
          s = (SSLSocket) trusting.getSocketFactory().createSocket();
          sockets.add(s);
          s.bind(new InetSocketAddress(from, 0));
          s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
          s.startHandshake();
          out = s.getOutputStream();
          String head = body
              ? "POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 1000000\r\n\r\n{\"apiVersion\""
              : "POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
          out.write(head.getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (Exception e) {
          failed.incrementAndGet();
          return null;
        }
        established.incrementAndGet();
        s.setSoTimeout(500);
        InputStream in = s.getInputStream();
        while (System.nanoTime() < stopAt) {
          try {
            out.write(' ');
            out.flush();
            if (in.read() < 0) {
              break;
            }
          } catch (java.net.SocketTimeoutException e) {
            continue; // nothing from the server yet: keep trickling
          } catch (Exception e) {
            break; // reset or closed by the server
          }
        }
        if (System.nanoTime() < stopAt) {
          closedByServer.incrementAndGet();
        }
        s.close();
        return null;
      });
    }

    void awaitEstablished(int n, Duration max) throws InterruptedException {
      long end = System.nanoTime() + max.toNanos();
      while (established.get() + failed.get() < n && System.nanoTime() < end) {
        Thread.sleep(100);
      }
    }

    /** Every launched client connected (or failed) and the server had time to close those over a limit. */
    void awaitSettled(int n, Duration max) throws InterruptedException {
      awaitEstablished(n, max);
      Thread.sleep(2 * ConnectionGuard.TICK_MILLIS);
    }

    void awaitClosedByServer(int n, Duration max) throws InterruptedException {
      long end = System.nanoTime() + max.toNanos();
      while (closedByServer.get() < n && System.nanoTime() < end) {
        Thread.sleep(100);
      }
    }

    @Override
    public void close() throws java.io.IOException {
      synchronized (sockets) {
        for (SSLSocket s : sockets) {
          s.close();
        }
      }
      threads.shutdownNow();
      try {
        threads.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
