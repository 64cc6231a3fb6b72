package dev.aiaudit.export.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.aiaudit.export.Exporter;
import dev.aiaudit.export.JournalSource;
import dev.aiaudit.export.cursor.CursorFile;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.RecordedEvent;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OTLP/HTTP export received by a real HTTP endpoint that decodes the protobuf request and checks every field. */
class OtlpExportTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private HttpServer server;
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final List<ResourceLogs> accepted = new CopyOnWriteArrayList<>();
  private final AtomicInteger refuseNext = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger gzipped = new AtomicInteger();

  private int start(int port) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
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

  private List<LogRecord> logs() {
    return accepted.stream().flatMap(r -> r.getScopeLogsList().stream()).flatMap(s -> s.getLogRecordsList().stream()).toList();
  }

  private static Map<String, AnyValue> attrs(List<KeyValue> kvs) {
    Map<String, AnyValue> m = new HashMap<>();
    kvs.forEach(kv -> m.put(kv.getKey(), kv.getValue()));
    return m;
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
      List<LogRecord> logs = logs();
      assertThat(logs).extracting(l -> attrs(l.getAttributesList()).get("aiaudit.seq").getIntValue())
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 700).boxed().toList());
      for (ResourceLogs rl : accepted) {
        Map<String, AnyValue> res = attrs(rl.getResource().getAttributesList());
        assertThat(res.get("host.name").getStringValue()).isEqualTo("node-1");
        assertThat(res.get("service.name").getStringValue()).isEqualTo("ai-audit");
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          assertThat(sl.getScope().getName()).isEqualTo("dev.aiaudit.export");
        }
      }
      Map<Long, RecordedEvent> bySeq = written.stream().collect(Collectors.toMap(RecordedEvent::seq, r -> r));
      String prev = CursorFile.ZERO_HASH;
      for (LogRecord l : logs) {
        Map<String, AnyValue> a = attrs(l.getAttributesList());
        long seq = a.get("aiaudit.seq").getIntValue();
        RecordedEvent r = bySeq.get(seq);
        FileEvent f = (FileEvent) r.event();
        assertThat(l.getTimeUnixNano()).isEqualTo(f.timeNs());
        assertThat(l.getObservedTimeUnixNano()).isPositive();
        assertThat(l.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_INFO);
        assertThat(l.getSeverityText()).isEqualTo("informational");
        assertThat(l.getEventName()).isEqualTo("ocsf.1001");
        assertThat(a.get("aiaudit.hash").getStringValue()).isEqualTo(r.hash());
        assertThat(a.get("aiaudit.prev_hash").getStringValue()).isEqualTo(prev);
        assertThat(a.get("ocsf.class_uid").getIntValue()).isEqualTo(1001);
        assertThat(a.get("ocsf.activity_id").getIntValue()).isEqualTo(f.activity().activityId());
        assertThat(a.get("ocsf.severity_id").getIntValue()).isEqualTo(1);
        assertThat(a.get("aiaudit.asset_kind").getStringValue()).isEqualTo(f.asset().id());
        assertThat(a.get("aiaudit.activity").getStringValue()).isEqualTo(f.activity().id());
        assertThat(a.get("file.path").getStringValue()).isEqualTo(f.path());
        assertThat(a.get("process.pid").getIntValue()).isEqualTo(f.process().pid());
        assertThat(a.get("process.executable.path").getStringValue()).isEqualTo(f.process().exe());
        assertThat(a.get("user.id").getStringValue()).isEqualTo(Integer.toString(f.process().uid()));
        assertThat(a.get("user.name").getStringValue()).isEqualTo(f.process().user());
        assertThat(a.get("container.id").getStringValue()).isEqualTo(f.process().containerId());
        assertThat(a.get("k8s.pod.uid").getStringValue()).isEqualTo(f.process().podUid());
        JsonNode body = JSON.readTree(l.getBody().getStringValue());
        assertThat(body.path("class_uid").asInt()).isEqualTo(1001);
        assertThat(body.path("file").path("path").asText()).isEqualTo(f.path());
        assertThat(body.path("unmapped").path("time_ns").asLong()).isEqualTo(f.timeNs());
        prev = r.hash();
      }
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
      Map<Long, List<String>> hashesBySeq = new ConcurrentHashMap<>();
      for (LogRecord l : logs()) {
        Map<String, AnyValue> a = attrs(l.getAttributesList());
        hashesBySeq.computeIfAbsent(a.get("aiaudit.seq").getIntValue(), k -> new CopyOnWriteArrayList<>()).add(a.get("aiaudit.hash").getStringValue());
      }
      assertThat(hashesBySeq).hasSize(120);
      Map<Long, String> journal = src.hashes();
      hashesBySeq.forEach((seq, hs) -> {
        assertThat(hs).hasSize(seq <= 100 ? 2 : 1);
        assertThat(hs).containsOnly(journal.get(seq));
      });
    }
  }
}
