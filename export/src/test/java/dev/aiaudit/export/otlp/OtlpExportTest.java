package dev.aiaudit.export.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.aiaudit.export.Exporter;
import dev.aiaudit.export.JournalSource;
import dev.aiaudit.export.cursor.CursorFile;
import dev.aiaudit.model.RecordedEvent;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OTLP/HTTP export received by a real HTTP endpoint that decodes the protobuf request and checks every field. */
class OtlpExportTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private HttpServer server;
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final List<ResourceLogs> accepted = new CopyOnWriteArrayList<>();
  private final AtomicInteger refuseNext = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger gzipped = new AtomicInteger();

  private int start(int port) throws Exception {
    return start(port, null);
  }

  /** With {@code tls}: HTTPS that requires a client certificate the context trusts (mutual TLS). */
  private int start(int port, javax.net.ssl.SSLContext tls) throws Exception {
    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    if (tls == null) {
      server = HttpServer.create(at, 16);
    } else {
      com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(at, 16);
      https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls) {
        @Override
        public void configure(com.sun.net.httpserver.HttpsParameters p) {
          javax.net.ssl.SSLParameters params = tls.getDefaultSSLParameters();
          params.setNeedClientAuth(true);
          p.setSSLParameters(params);
        }
      });
      server = https;
    }
    server.createContext("/v1/logs", ex -> {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
        body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
        gzipped.incrementAndGet();
      }
      contentTypes.add(ex.getRequestHeaders().getFirst("Content-Type"));
      if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        refused.incrementAndGet();
        ex.sendResponseHeaders(503, -1);
        ex.close();
        return;
      }
      accepted.addAll(ExportLogsServiceRequest.parseFrom(body).getResourceLogsList());
      byte[] resp = ExportLogsServiceResponse.getDefaultInstance().toByteArray();
      ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      ex.sendResponseHeaders(200, resp.length == 0 ? -1 : resp.length);
      ex.getResponseBody().write(resp);
      ex.close();
    });
    server.start();
    return server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void collectorDownThenRefusingThenUp_everyRecordArrivesWithItsFields() throws Exception {
    try (JournalSource src = new JournalSource(dir.resolve("journal"))) {
      List<RecordedEvent> written = src.append(700);
      int port = freePort();
      OtlpTransport t = new OtlpTransport("http://127.0.0.1:" + port + "/v1/logs", "node-1", null, Map.of(), Duration.ofSeconds(5), "none");
      try (Exporter ex = Exporter.builder("otel", src, t, new CursorFile(dir.resolve("export/otel.cursor")))
          .setMaxBackoff(Duration.ofMillis(200)).setMaxBatch(256).build().start()) {
        for (int i = 0; i < 500 && ex.stats().failedAttempts() < 2; i++) {
          Thread.sleep(20);
        }
        assertThat(ex.stats().failedAttempts()).isGreaterThanOrEqualTo(2);
        assertThat(ex.stats().backlog()).isEqualTo(700);
        refuseNext.set(2);
        start(port);
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
      }
      assertThat(refused.get()).isEqualTo(2);
      assertThat(contentTypes).allSatisfy(c -> assertThat(c).isEqualTo("application/x-protobuf"));
      List<LogRecord> logs = OtlpChecks.logs(accepted);
      assertThat(logs).extracting(OtlpChecks::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 700).boxed().toList());
      OtlpChecks.checkResources(accepted, "node-1");
      OtlpChecks.checkFields(logs, written);
    }
  }

  /** HTTPS requiring a client certificate: refused without one, delivered with the configured one. */
  @Test
  void mutualTls_withoutTheClientCertificateNothing_withItEverything() throws Exception {
    dev.aiaudit.export.TestTls server = dev.aiaudit.export.TestTls.create(dir, "collector");
    dev.aiaudit.export.TestTls client = dev.aiaudit.export.TestTls.create(dir, "agent");
    int port = start(0, server.serverContext(client.certificatePem()));
    String url = "https://127.0.0.1:" + port + "/v1/logs";
    try (JournalSource src = new JournalSource(dir.resolve("journal"))) {
      src.append(200);
      try (Exporter ex = Exporter.builder("nocert", src, new OtlpTransport(url, "node-1", server.certificatePem(), Map.of(),
          Duration.ofSeconds(5), "gzip"), new CursorFile(dir.resolve("export/nocert.cursor")))
          .setMaxBackoff(Duration.ofMillis(200)).build().start()) {
        for (int i = 0; i < 500 && ex.stats().failedAttempts() < 2; i++) {
          Thread.sleep(20);
        }
        assertThat(ex.stats().failedAttempts()).isGreaterThanOrEqualTo(2);
        assertThat(ex.stats().ackedSeq()).isZero();
      }
      assertThat(accepted).isEmpty();
      try (Exporter ex = Exporter.builder("otel", src, new OtlpTransport(OtlpProtocol.HTTP_PROTOBUF, url, "node-1",
          server.certificatePem(), client.privateKeyPem(), client.certificatePem(), Map.of(), Duration.ofSeconds(5), "gzip"),
          new CursorFile(dir.resolve("export/otel.cursor"))).build().start()) {
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
      }
      assertThat(OtlpChecks.logs(accepted)).extracting(OtlpChecks::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
    }
  }

  @Test
  void duplicatesAfterARestartCarryTheSameSeqAndHash() throws Exception {
    try (JournalSource src = new JournalSource(dir.resolve("journal"))) {
      src.append(100);
      int port = start(0);
      String url = "http://127.0.0.1:" + port + "/v1/logs";
      try (Exporter ex = Exporter.builder("o", src, new OtlpTransport(url, "node-1", null, Map.of(), Duration.ofSeconds(5), "gzip"),
          new CursorFile(dir.resolve("export/o.cursor"))).build().start()) {
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
      }
      // the agent died after the collector took the batch but before the cursor was stored
      java.nio.file.Files.delete(dir.resolve("export/o.cursor"));
      src.append(20);
      try (Exporter ex = Exporter.builder("o", src, new OtlpTransport(url, "node-1", null, Map.of(), Duration.ofSeconds(5), "gzip"),
          new CursorFile(dir.resolve("export/o.cursor"))).build().start()) {
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
      }
      assertThat(gzipped.get()).isPositive();
      Map<Long, List<String>> hashesBySeq = OtlpChecks.hashesBySeq(accepted);
      assertThat(hashesBySeq).hasSize(120);
      Map<Long, String> journal = src.hashes();
      hashesBySeq.forEach((seq, hs) -> {
        assertThat(hs).hasSize(seq <= 100 ? 2 : 1);
        assertThat(hs).containsOnly(journal.get(seq));
      });
    }
  }
}
