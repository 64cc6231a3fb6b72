package dev.aiaudit.export.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.export.ExportRecord;
import dev.aiaudit.export.Exporter;
import dev.aiaudit.export.JournalSource;
import dev.aiaudit.export.TestTls;
import dev.aiaudit.export.cursor.CursorFile;
import dev.aiaudit.model.RecordedEvent;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTLP over gRPC, received by a real grpc-java server on loopback ({@link GrpcCollector}) that decodes every
 * {@code LogsService/Export} request; the same field checks as the HTTP test ({@link OtlpChecks}).
 */
class OtlpGrpcExportTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private <C extends AutoCloseable> C open(C c) {
    open.add(c);
    return c;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static OtlpTransport grpc(String endpoint, byte[] ca, Duration timeout, String compression) {
    return new OtlpTransport(OtlpProtocol.GRPC, endpoint, "node-1", ca, Map.of("Authorization", "Bearer t0ken"), timeout, compression);
  }

  @Test
  void collectorDownThenUnavailableThenUp_everyRecordArrivesOnceWithItsFields() throws Exception {
    try (JournalSource src = new JournalSource(dir.resolve("journal"))) {
      List<RecordedEvent> written = src.append(700);
      int port = freePort();
      GrpcCollector c;
      try (Exporter ex = Exporter.builder("otel", src, grpc("http://127.0.0.1:" + port, null, Duration.ofSeconds(5), "none"),
          new CursorFile(dir.resolve("export/otel.cursor"))).setMaxBackoff(Duration.ofMillis(200)).setMaxBatch(256).build().start()) {
        assertThat(ex.stats().destination()).isEqualTo("otlp-grpc+http://127.0.0.1:" + port);
        for (int i = 0; i < 500 && ex.stats().failedAttempts() < 2; i++) {
          Thread.sleep(20);
        }
        assertThat(ex.stats().failedAttempts()).isGreaterThanOrEqualTo(2);
        assertThat(ex.stats().backlog()).isEqualTo(700);
        assertThat(ex.stats().ackedSeq()).isZero();
        c = open(GrpcCollector.start(port));
        c.refuseNext.set(2);
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
        assertThat(ex.stats().ackedSeq()).isEqualTo(700);
      }
      // two UNAVAILABLE answers, each retried: every seq taken exactly once, in order
      assertThat(c.refused.get()).isEqualTo(2);
      assertThat(c.calls.get()).isEqualTo(2 + 3); // 700 records in batches of 256
      assertThat(c.authorizations).containsOnly("Bearer t0ken");
      assertThat(c.encodings).containsOnly("identity");
      List<LogRecord> logs = OtlpChecks.logs(c.accepted);
      assertThat(logs).extracting(OtlpChecks::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 700).boxed().toList());
      OtlpChecks.checkResources(c.accepted, "node-1");
      OtlpChecks.checkFields(logs, written);
      assertThat(new CursorFile(dir.resolve("export/otel.cursor")).load().seq()).isEqualTo(700);
    }
  }

  @Test
  void collectorRestart_theSenderReconnects_andTheRestArrives() throws Exception {
    try (JournalSource src = new JournalSource(dir.resolve("journal"))) {
      src.append(200);
      GrpcCollector first = GrpcCollector.start(0);
      int port = first.port();
      GrpcCollector second;
      try (Exporter ex = Exporter.builder("otel", src, grpc("http://127.0.0.1:" + port, null, Duration.ofSeconds(5), "gzip"),
          new CursorFile(dir.resolve("export/otel.cursor"))).setMaxBackoff(Duration.ofMillis(200)).build().start()) {
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
        first.close(); // drops the HTTP/2 connection the sender holds
        src.append(300);
        for (int i = 0; i < 500 && ex.stats().failedAttempts() < 1; i++) {
          Thread.sleep(20);
        }
        assertThat(ex.stats().failedAttempts()).isPositive();
        assertThat(ex.stats().ackedSeq()).isEqualTo(200);
        second = open(GrpcCollector.start(port));
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
      }
      assertThat(OtlpChecks.logs(first.accepted)).extracting(OtlpChecks::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
      assertThat(OtlpChecks.logs(second.accepted)).extracting(OtlpChecks::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(201, 500).boxed().toList());
    }
  }

  @Test
  void tlsWithTheConfiguredCa_andGzip_delivers_whileAnUntrustedServerGetsNothing() throws Exception {
    TestTls tls = TestTls.create(dir, "collector");
    GrpcCollector c = open(GrpcCollector.startTls(0, tls.certificatePem(), tls.privateKeyPem()));
    String url = "https://127.0.0.1:" + c.port();
    try (JournalSource src = new JournalSource(dir.resolve("journal"))) {
      src.append(300);
      // without the CA (the JDK's trust store): the handshake fails on every attempt, nothing is acknowledged
      try (Exporter ex = Exporter.builder("untrusting", src, grpc(url, null, Duration.ofSeconds(5), "gzip"),
          new CursorFile(dir.resolve("export/untrusting.cursor"))).setMaxBackoff(Duration.ofMillis(200)).build().start()) {
        for (int i = 0; i < 500 && ex.stats().failedAttempts() < 2; i++) {
          Thread.sleep(20);
        }
        assertThat(ex.stats().failedAttempts()).isGreaterThanOrEqualTo(2);
        assertThat(ex.stats().backlog()).isEqualTo(300);
        assertThat(ex.stats().lastError()).isNotBlank();
      }
      assertThat(c.accepted).isEmpty();
      try (Exporter ex = Exporter.builder("otel", src, grpc(url, tls.certificatePem(), Duration.ofSeconds(5), "gzip"),
          new CursorFile(dir.resolve("export/otel.cursor"))).build().start()) {
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
      }
      assertThat(c.encodings).isNotEmpty().containsOnly("gzip");
      assertThat(OtlpChecks.logs(c.accepted)).extracting(OtlpChecks::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 300).boxed().toList());
      Map<Long, String> journal = src.hashes();
      OtlpChecks.hashesBySeq(c.accepted).forEach((seq, hs) -> assertThat(hs).containsExactly(journal.get(seq)));
    }
  }

  /**
   * A collector that requires a client certificate: without one, or with one it does not trust, every attempt fails
   * and nothing is acknowledged; with the configured one every record arrives once.
   */
  @Test
  void mutualTls_onlyTheTrustedClientCertificateDelivers() throws Exception {
    TestTls server = TestTls.create(dir, "collector");
    TestTls client = TestTls.create(dir, "agent");
    TestTls stranger = TestTls.create(dir, "stranger");
    GrpcCollector c = open(GrpcCollector.startMutualTls(0, server.certificatePem(), server.privateKeyPem(),
        client.certificatePem()));
    String url = "https://127.0.0.1:" + c.port();
    try (JournalSource src = new JournalSource(dir.resolve("journal"))) {
      src.append(300);
      for (TestTls who : new TestTls[] {null, stranger}) {
        String name = who == null ? "nocert" : "stranger";
        OtlpTransport t = who == null ? grpc(url, server.certificatePem(), Duration.ofSeconds(5), "gzip")
            : new OtlpTransport(OtlpProtocol.GRPC, url, "node-1", server.certificatePem(), who.privateKeyPem(),
                who.certificatePem(), Map.of(), Duration.ofSeconds(5), "gzip");
        try (Exporter ex = Exporter.builder(name, src, t, new CursorFile(dir.resolve("export/" + name + ".cursor")))
            .setMaxBackoff(Duration.ofMillis(200)).build().start()) {
          for (int i = 0; i < 500 && ex.stats().failedAttempts() < 2; i++) {
            Thread.sleep(20);
          }
          assertThat(ex.stats().failedAttempts()).as(name).isGreaterThanOrEqualTo(2);
          assertThat(ex.stats().ackedSeq()).as(name).isZero();
          assertThat(ex.stats().lastError()).as(name).isNotBlank();
        }
      }
      assertThat(c.accepted).isEmpty();
      OtlpTransport t = new OtlpTransport(OtlpProtocol.GRPC, url, "node-1", server.certificatePem(),
          client.privateKeyPem(), client.certificatePem(), Map.of(), Duration.ofSeconds(5), "gzip");
      try (Exporter ex = Exporter.builder("otel", src, t, new CursorFile(dir.resolve("export/otel.cursor"))).build().start()) {
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
      }
      assertThat(OtlpChecks.logs(c.accepted)).extracting(OtlpChecks::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 300).boxed().toList());
    }
  }

  @Test
  void clientCertificate_needsItsKey_andAnHttpsEndpoint() throws Exception {
    TestTls client = TestTls.create(dir, "agent");
    assertThatThrownBy(() -> new OtlpTransport(OtlpProtocol.GRPC, "http://127.0.0.1:4317", "n", null, client.privateKeyPem(),
        client.certificatePem(), Map.of(), Duration.ofSeconds(1), "none"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs an https endpoint");
    assertThatThrownBy(() -> new OtlpTransport(OtlpProtocol.HTTP_PROTOBUF, "https://127.0.0.1:4318/v1/logs", "n", null, null,
        client.certificatePem(), Map.of(), Duration.ofSeconds(1), "none"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs its private key");
  }

  @Test
  void slowCollector_hitsTheDeadline_thenCatchesUp_duplicatesCarryTheSameHash() throws Exception {
    GrpcCollector c = open(GrpcCollector.start(0));
    String url = "http://127.0.0.1:" + c.port();
    try (JournalSource src = new JournalSource(dir.resolve("journal"))) {
      List<RecordedEvent> written = src.append(600);
      // one call on its own: a collector that answers after 3 s fails a 400 ms deadline, it does not hang
      c.slowMillis.set(3000);
      c.slowNext.set(1);
      try (OtlpTransport t = grpc(url, null, Duration.ofMillis(400), "none")) {
        List<ExportRecord> one = src.read(1).limit(5).map(r -> ExportRecord.of(r, CursorFile.ZERO_HASH)).toList();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> t.send(one)).isInstanceOf(java.io.IOException.class).hasMessageContaining(url);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
      }
      // under the exporter: two slow answers, each past the deadline, are retried; the collector took them late
      c.slowNext.set(2);
      try (Exporter ex = Exporter.builder("otel", src, grpc(url, null, Duration.ofMillis(400), "gzip"),
          new CursorFile(dir.resolve("export/otel.cursor"))).setMaxBackoff(Duration.ofMillis(200)).build().start()) {
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
        assertThat(ex.stats().failedAttempts()).isGreaterThanOrEqualTo(2);
      }
      Map<Long, String> journal = src.hashes();
      var bySeq = OtlpChecks.hashesBySeq(c.accepted);
      assertThat(bySeq.keySet()).containsExactlyElementsOf(LongStream.rangeClosed(1, 600).boxed().toList());
      bySeq.forEach((seq, hs) -> assertThat(hs).containsOnly(journal.get(seq)));
      assertThat(written).hasSize(600);
    }
  }

  @Test
  void eachProtocolUsesItsOwnSender() throws Exception {
    Logger otel = Logger.getLogger("io.opentelemetry");
    List<String> said = new CopyOnWriteArrayList<>();
    Handler h = new Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        said.add(r.getLevel() + " " + r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level before = otel.getLevel();
    otel.setLevel(Level.FINE);
    otel.addHandler(h);
    try {
      new OtlpTransport(OtlpProtocol.HTTP_PROTOBUF, "http://127.0.0.1:1/v1/logs", "n", null, Map.of(), Duration.ofSeconds(1), "none").close();
      new OtlpTransport(OtlpProtocol.GRPC, "http://127.0.0.1:1", "n", null, Map.of(), Duration.ofSeconds(1), "none").close();
    } finally {
      otel.removeHandler(h);
      otel.setLevel(before);
    }
    assertThat(said).anySatisfy(s -> assertThat(s).contains("Using HttpSender: io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSender"));
    assertThat(said).anySatisfy(s -> assertThat(s).contains("Using GrpcSender: dev.aiaudit.export.otlp.NoDelayGrpcSender"));
    assertThat(said).noneSatisfy(s -> assertThat(s).contains("Multiple"));
  }

  @Test
  void endpointsThatDoNotFitTheProtocol_areRefused() {
    assertThatThrownBy(() -> grpc("http://127.0.0.1:4317/v1/logs", null, Duration.ofSeconds(1), "none"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has a path").hasMessageContaining("http/protobuf");
    assertThatThrownBy(() -> new OtlpTransport("http://127.0.0.1:4318", "n", null, Map.of(), Duration.ofSeconds(1), "none"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path included").hasMessageContaining("protocol: grpc");
    // a gateway on a path of its own is a real set-up: accepted (the collector's default is /v1/logs)
    OtlpProtocol.HTTP_PROTOBUF.checkEndpoint(java.net.URI.create("https://gateway.example/otlp/tenant-7/logs"));
    assertThatThrownBy(() -> OtlpProtocol.parse("http/json")).hasMessageContaining("unknown OTLP protocol 'http/json'");
    assertThat(OtlpProtocol.parse(" GRPC ")).isEqualTo(OtlpProtocol.GRPC);
  }
}
