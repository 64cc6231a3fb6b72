package dev.aiaudit.export.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.export.Exporter;
import dev.aiaudit.export.JournalSource;
import dev.aiaudit.export.RecordFilter;
import dev.aiaudit.export.TestTls;
import dev.aiaudit.export.Tls;
import dev.aiaudit.export.cursor.CursorFile;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The syslog exporter against a real TCP/TLS/UDP receiver parsing RFC 5424 frames, reading a real journal. */
class SyslogExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final List<Event> selfReports = new CopyOnWriteArrayList<>();

  private Exporter.Builder exporter(JournalSource src, SyslogTransport t, String name) {
    return Exporter.builder(name, src, t, new CursorFile(dir.resolve("export").resolve(name + ".cursor")))
        .setMaxBackoff(Duration.ofMillis(200)).setHost("node-1").setSelfReport(selfReports::add);
  }

  private static SyslogTransport tcp(int port) {
    return new SyslogTransport("127.0.0.1", port, SyslogProtocol.TCP, null, new Rfc5424(13, "ai-audit", "4242"), 2000);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void sinkDownAtStart_thenStarted_receivesEveryRecordOnceInOrder() throws Exception {
    try (JournalSource src = new JournalSource(dir.resolve("journal"))) {
      List<RecordedEvent> written = src.append(1500);
      int port = freePort();
      try (Exporter ex = exporter(src, tcp(port), "siem").setBacklogThreshold(1000).build().start()) {
        for (int i = 0; i < 500 && ex.stats().failedAttempts() < 3; i++) {
          Thread.sleep(20);
        }
        var down = ex.stats();
        assertThat(down.failedAttempts()).isGreaterThanOrEqualTo(3);
        assertThat(down.sent()).isZero();
        assertThat(down.backlog()).isEqualTo(1500);
        assertThat(down.lastError()).isNotNull();
        assertThat(selfReports).singleElement().satisfies(e -> {
          SensorEvent s = (SensorEvent) e;
          assertThat(s.kind()).isEqualTo(SensorEvent.Kind.EXPORT_BACKLOG);
          assertThat(s.count()).isEqualTo(1500);
          assertThat(s.message()).contains("siem", "syslog+tcp://127.0.0.1:" + port);
        });
        assertThat(Files.exists(dir.resolve("export/siem.cursor"))).isFalse();

        try (SyslogReceiver rx = SyslogReceiver.tcp(port)) {
          assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
          assertThat(rx.await(1500, WAIT)).isTrue();
          assertThat(rx.errors()).isEmpty();
          List<SyslogReceiver.Message> got = rx.messages();
          assertThat(got).extracting(SyslogReceiver.Message::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 1500).boxed().toList());
          String prev = CursorFile.ZERO_HASH;
          for (int i = 0; i < got.size(); i++) {
            SyslogReceiver.Message m = got.get(i);
            RecordedEvent r = written.get(i);
            assertThat(m.pri()).isEqualTo(13 * 8 + 6);
            assertThat(m.hostname()).isEqualTo("node-1");
            assertThat(m.appName()).isEqualTo("ai-audit");
            assertThat(m.procId()).isEqualTo("4242");
            assertThat(m.msgId()).isEqualTo("ocsf-1001");
            assertThat(m.sdId()).isEqualTo(Rfc5424.SD_ID);
            assertThat(m.params()).containsEntry("hash", r.hash()).containsEntry("prev_hash", prev).containsEntry("class_uid", "1001");
            assertThat(m.bom()).isTrue();
            JsonNode body = JSON.readTree(m.msg());
            assertThat(body.path("class_uid").asInt()).isEqualTo(1001);
            assertThat(body.path("unmapped").path("time_ns").asLong()).isEqualTo(r.event().timeNs());
            prev = r.hash();
          }
          assertThat(Files.readString(dir.resolve("export/siem.cursor"))).isEqualTo("1500 " + written.getLast().hash() + "\n");
          assertThat(ex.stats().backlog()).isZero();
          assertThat(ex.stats().sent()).isEqualTo(1500);
        }
      }
    }
  }

  @Test
  void restartResumesFromTheCursor_andServerRestartLosesNothing() throws Exception {
    try (JournalSource src = new JournalSource(dir.resolve("journal")); SyslogReceiver rx = SyslogReceiver.tcp(0)) {
      src.append(300);
      try (Exporter ex = exporter(src, tcp(rx.port()), "a").build().start()) {
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
      }
      src.append(200);
      try (Exporter ex = exporter(src, tcp(rx.port()), "a").build().start()) {
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
        assertThat(rx.await(500, WAIT)).isTrue();
        // the server drops every connection (a restart): the next batches must not vanish into a dead socket
        rx.dropConnections();
        Thread.sleep(100);
        src.append(100);
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
        assertThat(rx.await(600, WAIT)).isTrue();
      }
      assertThat(rx.errors()).isEmpty();
      assertThat(rx.messages()).extracting(SyslogReceiver.Message::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 600).boxed().toList());
    }
  }

  @Test
  void tls_deliversToATrustedServer_andRefusesAnUntrustedOne() throws Exception {
    TestTls server = TestTls.create(dir, "syslog");
    TestTls other = TestTls.create(dir, "other");
    try (JournalSource src = new JournalSource(dir.resolve("journal")); SyslogReceiver rx = SyslogReceiver.tls(0, server.serverContext())) {
      List<RecordedEvent> written = src.append(250);
      var rfc = new Rfc5424(13, "ai-audit", "-");
      var good = new SyslogTransport("127.0.0.1", rx.port(), SyslogProtocol.TLS, Tls.trusting(server.certificatePem()), rfc, 2000);
      var bad = new SyslogTransport("127.0.0.1", rx.port(), SyslogProtocol.TLS, Tls.trusting(other.certificatePem()), rfc, 2000);
      try (Exporter ok = exporter(src, good, "tls").build().start(); Exporter no = exporter(src, bad, "untrusted").build().start()) {
        assertThat(ok.awaitCaughtUp(WAIT)).isTrue();
        assertThat(rx.await(250, WAIT)).isTrue();
        for (int i = 0; i < 500 && no.stats().failedAttempts() < 2; i++) {
          Thread.sleep(20);
        }
        assertThat(no.stats().failedAttempts()).isGreaterThanOrEqualTo(2);
        assertThat(no.stats().backlog()).isEqualTo(250);
        assertThat(no.stats().lastError()).containsIgnoringCase("certification path");
      }
      assertThat(rx.errors()).isEmpty();
      assertThat(rx.messages()).extracting(m -> m.params().get("hash")).containsExactlyElementsOf(written.stream().map(RecordedEvent::hash).toList());
    }
  }

  @Test
  void mutualTls_deliversWithTheClientCertificate_andWithoutOneNothingIsTakenForDelivered() throws Exception {
    TestTls server = TestTls.create(dir, "syslog");
    TestTls agent = TestTls.create(dir, "agent");
    TestTls stranger = TestTls.create(dir, "stranger");
    try (JournalSource src = new JournalSource(dir.resolve("journal"));
        SyslogReceiver rx = SyslogReceiver.mtls(0, server.serverContext(agent.certificatePem()))) {
      List<RecordedEvent> written = src.append(120);
      var rfc = new Rfc5424(13, "ai-audit", "-");
      // the refused ones send one record per batch: a frame small enough to be written into the refused connection
      var good = new SyslogTransport("127.0.0.1", rx.port(), SyslogProtocol.TLS,
          Tls.client(server.certificatePem(), agent.certificatePem(), agent.privateKeyPem()), rfc, 2000);
      var anonymous = new SyslogTransport("127.0.0.1", rx.port(), SyslogProtocol.TLS, Tls.trusting(server.certificatePem()), rfc, 2000);
      var unknown = new SyslogTransport("127.0.0.1", rx.port(), SyslogProtocol.TLS,
          Tls.client(server.certificatePem(), stranger.certificatePem(), stranger.privateKeyPem()), rfc, 2000);
      try (Exporter ok = exporter(src, good, "mtls").build().start(); Exporter none = exporter(src, anonymous, "anonymous").setMaxBatch(1).build().start();
          Exporter other = exporter(src, unknown, "stranger").setMaxBatch(1).build().start()) {
        assertThat(ok.awaitCaughtUp(WAIT)).isTrue();
        assertThat(rx.await(120, WAIT)).isTrue();
        for (int i = 0; i < 500 && (none.stats().failedAttempts() < 2 || other.stats().failedAttempts() < 2); i++) {
          Thread.sleep(20);
        }
        for (Exporter refused : List.of(none, other)) {
          assertThat(refused.stats().failedAttempts()).as(refused.name()).isGreaterThanOrEqualTo(2);
          assertThat(refused.stats().backlog()).as(refused.name()).isEqualTo(120);
          assertThat(refused.stats().sent()).as(refused.name()).isZero();
        }
        System.out.printf("SyslogExportTest: refused without a client certificate: %s; with an unknown one: %s%n",
            none.stats().lastError(), other.stats().lastError());
      }
      assertThat(rx.messages()).extracting(m -> m.params().get("hash")).containsExactlyElementsOf(written.stream().map(RecordedEvent::hash).toList());
    }
  }

  @Test
  void clientKey_mustBePkcs8_andBelongToTheCertificate() throws Exception {
    TestTls a = TestTls.create(dir, "a");
    TestTls b = TestTls.create(dir, "b");
    assertThatThrownBy(() -> Tls.client(null, a.certificatePem(), b.privateKeyPem())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong to the client certificate");
    byte[] rsa = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> Tls.client(null, a.certificatePem(), rsa)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    assertThatThrownBy(() -> Tls.client(null, a.certificatePem(), a.certificatePem())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no PEM private key");
    assertThat(Tls.client(null, a.certificatePem(), a.privateKeyPem())).isNotNull();
  }

  @Test
  void udp_isOneMessagePerDatagram() throws Exception {
    try (JournalSource src = new JournalSource(dir.resolve("journal"));
        DatagramSocket sock = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        SyslogReceiver parser = SyslogReceiver.tcp(0)) {
      sock.setReceiveBufferSize(1 << 20);
      sock.setSoTimeout(10_000);
      src.append(40);
      var t = new SyslogTransport("127.0.0.1", sock.getLocalPort(), SyslogProtocol.UDP, null, new Rfc5424(4, "ai-audit", "-"), 2000);
      try (Exporter ex = exporter(src, t, "udp").build().start()) {
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
        byte[] buf = new byte[65_536];
        for (int i = 0; i < 40; i++) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          sock.receive(p);
          parser.parse(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        }
      }
      assertThat(parser.errors()).isEmpty();
      assertThat(parser.messages()).extracting(SyslogReceiver.Message::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
      assertThat(parser.messages()).allSatisfy(m -> assertThat(m.pri()).isEqualTo(4 * 8 + 6));
    }
  }

  @Test
  void filter_sendsOnlyMatchingRecords_andTheCursorStillAdvances() throws Exception {
    try (JournalSource src = new JournalSource(dir.resolve("journal")); SyslogReceiver rx = SyslogReceiver.tcp(0)) {
      List<RecordedEvent> all = new ArrayList<>(src.append(100));
      long t = 1_767_225_700_000_000_000L;
      src.append(List.of(
          new SensorEvent(t, "node-1", SensorEvent.Kind.QUEUE_OVERFLOW, 12, "kernel queue overflow"),
          new SensorEvent(t + 1, "node-1", SensorEvent.Kind.SENSOR_STARTED, 0, "started"),
          new FindingEvent(t + 2, "node-1", "k8s:ml/Deployment/llm", "compliant", "non-compliant", "no model card", "policy-watch")));
      all.addAll(src.append(50));
      long gpu = all.stream().filter(r -> r.event() instanceof dev.aiaudit.model.FileEvent f && f.asset() == AssetKind.GPU_DEVICE).count();
      assertThat(gpu).isBetween(30L, 45L);
      var alerts = exporter(src, tcp(rx.port()), "alerts").setFilter(new RecordFilter(Set.of(), Set.of(), 4)).build().start();
      var weights = exporter(src, tcp(rx.port()), "weights")
          .setFilter(new RecordFilter(Set.of(1001), Set.of(AssetKind.GPU_DEVICE), 0)).build().start();
      try (alerts; weights) {
        assertThat(alerts.awaitCaughtUp(WAIT)).isTrue();
        assertThat(weights.awaitCaughtUp(WAIT)).isTrue();
      }
      assertThat(rx.await((int) gpu + 2, WAIT)).isTrue();
      Thread.sleep(200);
      List<SyslogReceiver.Message> got = rx.messages();
      assertThat(got.stream().filter(m -> m.pri() == 13 * 8 + 3).map(m -> m.params().get("class_uid")).toList())
          .containsExactlyInAnyOrder("1008", "2003");
      assertThat(got.stream().filter(m -> m.pri() != 13 * 8 + 3).toList()).hasSize((int) gpu)
          .allSatisfy(m -> assertThat(m.msg()).contains("\"asset_kind\":\"gpu_device\""));
      assertThat(alerts.stats().ackedSeq()).isEqualTo(153);
      assertThat(alerts.stats().filtered()).isEqualTo(151);
      assertThat(weights.stats().ackedSeq()).isEqualTo(153);
    }
  }

  @Test
  void unreadableOrForeignCursor_startsOverAndSaysSo() throws Exception {
    try (JournalSource src = new JournalSource(dir.resolve("journal")); SyslogReceiver rx = SyslogReceiver.tcp(0)) {
      src.append(120);
      Files.createDirectories(dir.resolve("export"));
      Files.writeString(dir.resolve("export/x.cursor"), "garbage\u0000\n");
      Files.writeString(dir.resolve("export/y.cursor"), "60 " + "ab".repeat(32) + "\n");
      try (Exporter x = exporter(src, tcp(rx.port()), "x").build().start(); Exporter y = exporter(src, tcp(rx.port()), "y").build().start()) {
        assertThat(x.awaitCaughtUp(WAIT)).isTrue();
        assertThat(y.awaitCaughtUp(WAIT)).isTrue();
      }
      assertThat(rx.await(240, WAIT)).isTrue();
      Map<Long, Long> perSeq = new java.util.TreeMap<>();
      rx.messages().forEach(m -> perSeq.merge(m.seq(), 1L, Long::sum));
      assertThat(perSeq).hasSize(120).allSatisfy((seq, n) -> assertThat(n).isEqualTo(2));
      assertThat(selfReports).hasSize(2).allSatisfy(e -> assertThat(((SensorEvent) e).kind()).isEqualTo(SensorEvent.Kind.EXPORT_CURSOR_RESET));
      assertThat(new ArrayList<>(selfReports)).extracting(e -> ((SensorEvent) e).message())
          .anySatisfy(m -> assertThat(m).contains("x.cursor", "not a cursor file"))
          .anySatisfy(m -> assertThat(m).contains("does not match"));
    }
  }
}
