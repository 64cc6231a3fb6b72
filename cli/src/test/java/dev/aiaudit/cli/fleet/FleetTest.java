package dev.aiaudit.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.cli.wiring.ExportWiring;
import dev.aiaudit.export.Exporter;
import dev.aiaudit.export.cursor.CursorFile;
import dev.aiaudit.export.kafka.FleetConsumer;
import dev.aiaudit.export.kafka.KafkaTransport;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.store.pg.FleetStore;
import dev.aiaudit.testing.Events;
import dev.aiaudit.testing.Postgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet path with real parts: agents' journals -> exporter -> an in-process KRaft broker (started once for
 * this class) -> {@code serve}'s collector -> a throwaway PostgreSQL. The only Kafka test class (two cores).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static KafkaClusterTestKit kafka;
  private static Postgres pg;

  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    pg = Postgres.startOrSkip();
    kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
        .setNumControllerNodes(1).build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .build();
    kafka.format();
    kafka.startup();
    kafka.waitForReadyBrokers();
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private static void topic(String name) throws Exception {
    try (var admin = kafka.admin()) {
      admin.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get();
    }
  }

  private static String database(String name) throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return "postgresql://postgres@127.0.0.1:" + pg.port() + "/" + name;
  }

  private static List<Event> events(String host, long from, int n) {
    List<Event> out = new ArrayList<>();
    for (long i = from; i < from + n; i++) {
      FileEvent s = (FileEvent) Events.sample(i, 1_767_225_600_000_000_000L + i * 1000);
      out.add(new FileEvent(s.timeNs(), s.endTimeNs(), host, s.activity(), s.process(), s.path(), s.asset(), s.count(), s.source()));
    }
    return out;
  }

  private Exporter exporter(Journal j, String name, String topic) {
    return exporter(j, name, topic, Duration.ofSeconds(20));
  }

  private Exporter exporter(Journal j, String name, String topic, Duration timeout) {
    String host = "node-" + name;
    return Exporter.builder(name, ExportWiring.source(j), new KafkaTransport(kafka.bootstrapServers(), topic, timeout, Map.of()),
        new CursorFile(dir.resolve("export-" + name + ".cursor"))).setMaxBatch(256).setMaxBackoff(Duration.ofMillis(500))
        .setHost(host).setCheckpoints(ExportWiring.checkpoints(j)).build().start();
  }

  private FleetCollector collector(String topic, String group, String db) throws Exception {
    return new FleetCollector(new FleetConsumer(kafka.bootstrapServers(), topic, group, 500, Map.of()), FleetStore.open(db),
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  private static void until(FleetCollector c, BooleanSupplier done) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
      if (!c.runOnce(Duration.ofMillis(200))) {
        Thread.sleep(200);
      }
    }
  }

  /** Where the named threads are (printed when a wait did not end as expected). */
  private static void dumpThreads(String... prefixes) {
    Thread.getAllStackTraces().forEach((t, stack) -> {
      if (java.util.Arrays.stream(prefixes).anyMatch(t.getName()::startsWith)) {
        StringBuilder b = new StringBuilder("FleetTest: thread " + t.getName() + " " + t.getState() + "\n");
        for (StackTraceElement e : stack) {
          b.append("    at ").append(e).append('\n');
        }
        System.out.print(b);
      }
    });
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void twoAgents_everyRecordStoredOnceWithItsChain_andAReplayAddsNothing() throws Exception {
    topic("fleet-a");
    String db = database("fleet_a");
    try (Journal a = Journal.open(dir.resolve("a"), JournalOptions.defaults());
        Journal b = Journal.open(dir.resolve("b"), JournalOptions.defaults());
        FleetCollector c = collector("fleet-a", "serve-a", db); FleetStore q = FleetStore.open(db)) {
      a.append(events("node-a", 0, 600));
      b.append(events("node-b", 0, 400));
      try (Exporter ea = exporter(a, "a", "fleet-a"); Exporter eb = exporter(b, "b", "fleet-a")) {
        assertThat(ea.awaitCaughtUp(WAIT)).isTrue();
        assertThat(eb.awaitCaughtUp(WAIT)).isTrue();
      }
      until(c, () -> c.totals().stored() >= 1000);
      assertThat(q.seqs("node-a")).isEqualTo(range(1, 600));
      assertThat(q.seqs("node-b")).isEqualTo(range(1, 400));
      assertThat(q.findings()).isEmpty();
      assertThat(q.rejected()).isEmpty();
      assertThat(q.migrations()).containsExactly(1, 2);
      try (Connection conn = DriverManager.getConnection(FleetStore.toJdbc(db)); Statement st = conn.createStatement();
          var rs = st.executeQuery("SELECT host, count(DISTINCT kafka_partition), bool_and(hash_ok), max(head_seq) FROM fleet_events"
              + " JOIN fleet_hosts USING (host) GROUP BY host ORDER BY host")) {
        for (long n : List.of(600L, 400L)) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(2)).as("one partition per host").isEqualTo(1);
          assertThat(rs.getBoolean(3)).as("every recomputed chain hash matches").isTrue();
          assertThat(rs.getLong(4)).isEqualTo(n);
        }
      }
      // the agent lost its cursor (crash before the cursor write): everything is sent again, nothing new is stored
      Files.delete(dir.resolve("export-a.cursor"));
      a.append(events("node-a", 600, 50));
      try (Exporter ea = exporter(a, "a", "fleet-a")) {
        assertThat(ea.awaitCaughtUp(WAIT)).isTrue();
      }
      until(c, () -> c.totals().stored() >= 1050);
      for (int i = 0; i < 10; i++) {
        c.runOnce(Duration.ofMillis(200));
      }
      assertThat(c.totals().stored()).isEqualTo(1050);
      assertThat(q.seqs("node-a")).isEqualTo(range(1, 650));
      assertThat(q.findings()).isEmpty();
    }
  }

  @Test
  void malformedForgedAndMissingRecords_areReportedWithPartitionAndOffset_andServeGoesOn() throws Exception {
    topic("fleet-b");
    String db = database("fleet_b");
    List<Event> ev = events("node-c", 0, 6);
    ChainHash chain = new ChainHash();
    String[] hashes = new String[7];
    hashes[0] = CursorFile.ZERO_HASH;
    for (int i = 1; i <= 6; i++) {
      hashes[i] = chain.of(hashes[i - 1], i, ev.get(i - 1).timeNs(), EventCodec.encode(ev.get(i - 1)));
    }
    Map<String, Object> cfg = Map.of("bootstrap.servers", kafka.bootstrapServers(), "key.serializer", ByteArraySerializer.class,
        "value.serializer", ByteArraySerializer.class, "acks", "all");
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg)) {
      byte[] key = "node-c".getBytes(StandardCharsets.UTF_8);
      p.send(new ProducerRecord<>("fleet-b", key, "{\"no\":\"headers\"}".getBytes(StandardCharsets.UTF_8))).get();
      p.send(new ProducerRecord<>("fleet-b", null, null, key, "not json".getBytes(StandardCharsets.UTF_8), headers(9, 1, hashes[1], hashes[0]))).get();
      send(p, key, ev, hashes, 1, EventCodec.encode(ev.get(0)));
      // seq 2 altered after it was hashed: the carried hash no longer fits the content
      byte[] forged = EventCodec.encode(new FileEvent(ev.get(1).timeNs(), ev.get(1).timeNs(), "node-c", FileActivity.READ,
          Events.python(1), "/innocent.txt", AssetKind.OTHER, 1, "fanotify"));
      send(p, key, ev, hashes, 2, forged);
      send(p, key, ev, hashes, 3, EventCodec.encode(ev.get(2)));
      // seqs 4 and 5 have not arrived
      send(p, key, ev, hashes, 6, EventCodec.encode(ev.get(5)));
      // seq 4 arrives late (after 6), and a second, different seq 3 (its own chain hash is right)
      send(p, key, ev, hashes, 4, EventCodec.encode(ev.get(3)));
      Event other = events("node-c", 50, 1).getFirst();
      byte[] otherJson = EventCodec.encode(other);
      String otherHash = chain.of(hashes[2], 3, ev.get(2).timeNs(), otherJson);
      p.send(new ProducerRecord<>("fleet-b", null, null, key, otherJson, headers(3, ev.get(2).timeNs(), otherHash, hashes[2]))).get();
    }
    try (FleetCollector c = collector("fleet-b", "serve-b", db); FleetStore q = FleetStore.open(db)) {
      until(c, () -> c.totals().stored() >= 5 && c.totals().rejected() >= 2 && c.totals().findings() >= 4);
      assertThat(q.seqs("node-c")).containsExactly(1L, 2L, 3L, 4L, 6L);
      assertThat(q.rejected()).hasSize(2).allSatisfy(r -> assertThat(r).matches("fleet-b/\\d/\\d+: .+"))
          .anySatisfy(r -> assertThat(r).contains("header 'seq' missing"))
          .anySatisfy(r -> assertThat(r).contains("not an ai-audit record"));
      assertThat(q.findings()).containsExactly(
          "altered node-c 2: record does not match the chain hash it carries (content or seq changed)",
          "gap node-c 6: seqs 4..5 missing",
          "reorder node-c 4: seq 4 arrived after seq 6",
          "conflict node-c 3: a different record with seq 3 is already stored (hash " + hashes[3].substring(0, 12) + "...)");
      assertThat(log.toString()).contains("rejected fleet-b partition", "chain gap host node-c seq 6", "chain altered host node-c seq 2");
    }
  }

  private static RecordHeaders headers(long seq, long timeNs, String hash, String prev) {
    RecordHeaders h = new RecordHeaders();
    h.add("seq", Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
    h.add("time_ns", Long.toString(timeNs).getBytes(StandardCharsets.US_ASCII));
    h.add("hash", hash.getBytes(StandardCharsets.US_ASCII));
    h.add("prev_hash", prev.getBytes(StandardCharsets.US_ASCII));
    return h;
  }

  private static void send(KafkaProducer<byte[], byte[]> p, byte[] key, List<Event> ev, String[] hashes, int seq, byte[] value)
      throws Exception {
    p.send(new ProducerRecord<>("fleet-b", null, null, key, value, headers(seq, ev.get(seq - 1).timeNs(), hashes[seq], hashes[seq - 1]))).get();
  }

  @Test
  void postgresRestartUnderServe_losesNothing_andDuplicatesNothing() throws Exception {
    topic("fleet-c");
    String db = database("fleet_c");
    try (Journal j = Journal.open(dir.resolve("d"), JournalOptions.defaults());
        FleetCollector c = collector("fleet-c", "serve-c", db); Exporter ex = exporter(j, "d", "fleet-c")) {
      j.append(events("node-d", 0, 300));
      assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
      until(c, () -> c.totals().stored() >= 300);
      pg.stop();
      try {
        j.append(events("node-d", 300, 300));
        assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (c.totals().failures() < 2 && System.nanoTime() < deadline) {
          c.runOnce(Duration.ofMillis(200));
        }
        assertThat(c.totals().failures()).isGreaterThanOrEqualTo(2);
        assertThat(c.totals().stored()).isEqualTo(300);
      } finally {
        pg.startAgain();
      }
      until(c, () -> c.totals().stored() >= 600);
      try (FleetStore q = FleetStore.open(db)) {
        assertThat(q.seqs("node-d")).isEqualTo(range(1, 600));
        assertThat(q.findings()).isEmpty();
      }
      assertThat(log.toString()).contains("PostgreSQL unavailable", "PostgreSQL is back");
    }
  }

  private final ByteArrayOutputStream cliOut = new ByteArrayOutputStream();

  private int cli(String... args) {
    cliOut.reset();
    picocli.CommandLine cl = new picocli.CommandLine(new dev.aiaudit.cli.Main());
    java.io.PrintWriter w = new java.io.PrintWriter(cliOut, true, StandardCharsets.UTF_8);
    cl.setOut(w);
    cl.setErr(w);
    return cl.execute(args);
  }

  private String cliText() {
    return cliOut.toString(StandardCharsets.UTF_8);
  }

  private static void sql(String db, String statement) throws Exception {
    try (Connection conn = DriverManager.getConnection(FleetStore.toJdbc(db)); Statement st = conn.createStatement()) {
      st.execute(statement);
    }
  }

  @Test
  void signedCheckpoints_reachTheStore_verifyProvesEachHost_queryAndPolicyReadIt_andTamperingIsNamed() throws Exception {
    topic("fleet-e");
    String db = database("fleet_e");
    JournalOptions opts = JournalOptions.defaults().withCheckpointEveryRecords(100);
    try (Journal a = Journal.open(dir.resolve("ea"), opts); Journal b = Journal.open(dir.resolve("eb"), opts);
        FleetCollector c = collector("fleet-e", "serve-e", db)) {
      for (int i = 0; i < 6; i++) {
        a.append(events("node-ea", i * 100, 100));
      }
      for (int i = 0; i < 3; i++) {
        b.append(events("node-eb", i * 100, 100));
      }
      try (Exporter ea = exporter(a, "ea", "fleet-e"); Exporter eb = exporter(b, "eb", "fleet-e")) {
        assertThat(ea.awaitCaughtUp(WAIT)).isTrue();
        assertThat(eb.awaitCaughtUp(WAIT)).isTrue();
        until(c, () -> c.totals().stored() >= 900 && c.totals().checkpoints() >= 9);
        assertThat(ea.checkpointsShipped()).isEqualTo(6);
        assertThat(eb.checkpointsShipped()).isEqualTo(3);
      }
      // node-eb's own DuckDB index, from its journal: what `query --host node-eb` on the fleet store must print
      Files.createDirectories(dir.resolve("duck-eb"));
      try (EventStore d = EventStore.openDuckDb(dir.resolve("duck-eb/events.duckdb"));
          Stream<RecordedEvent> s = ExportWiring.source(b).read(1)) {
        d.insert(s.toList());
      }
    }
    assertThat(cli("verify", "--store", db)).as(cliText()).isZero();
    assertThat(cliText()).contains("OK (2 host(s))", "host node-ea: OK", "records:     600 (last seq 600)",
        "checkpoints: 6 stored, signed up to seq 600", "host node-eb: OK", "checkpoints: 3 stored, signed up to seq 300");
    Path keyA = dir.resolve("ea/keys/journal-ed25519.key.pub");
    Path keyB = dir.resolve("eb/keys/journal-ed25519.key.pub");
    assertThat(cli("verify", "--store", db, "--host", "node-ea", "--public-key", keyA.toString())).as(cliText()).isZero();
    assertThat(cliText()).contains("(1 host(s))").doesNotContain("node-eb");
    assertThat(cli("verify", "--store", db, "--host", "node-ea", "--public-key", keyB.toString())).as(cliText()).isEqualTo(1);
    assertThat(cliText()).contains("host node-ea: BROKEN", "bad signature under the key in force");
    assertThat(cli("verify", "--store", db, "--host", "node-zz")).isEqualTo(2);
    assertThat(cliText()).contains("holds nothing of host 'node-zz'");

    // query: the same filters as against DuckDB, rows of both hosts (half of the sample stream is model weights)
    assertThat(cli("query", "--store", db, "--kind", "model_weights", "--format", "jsonl", "--limit", "0")).as(cliText()).isZero();
    List<String> lines = cliText().lines().toList();
    assertThat(lines).hasSize(450).allSatisfy(l -> assertThat(l).contains("\"model_weights\""));
    assertThat(lines.stream().filter(l -> l.contains("\"node-ea\"")).count()).isEqualTo(300);
    assertThat(cli("query", "--store", db, "--process", "1042", "--limit", "0")).isZero();
    assertThat(cliText()).contains("1042  trainer");
    assertThat(cli("query", "--store", "mysql://nope/x")).isEqualTo(2);

    // query --host: one host of the fleet, printed exactly as that host's own DuckDB index prints it
    for (String format : List.of("jsonl", "table", "csv")) {
      assertThat(cli("query", "--data-dir", dir.resolve("duck-eb").toString(), "--host", "node-eb", "--format", format, "--limit", "0"))
          .as(cliText()).isZero();
      String local = cliText();
      assertThat(cli("query", "--store", db, "--host", "node-eb", "--format", format, "--limit", "0")).as(cliText()).isZero();
      assertThat(cliText()).as(format).isEqualTo(local);
      if (format.equals("jsonl")) {
        assertThat(local.lines().toList()).hasSize(300).allSatisfy(l -> assertThat(l).contains("\"node-eb\"").doesNotContain("\"node-ea\""));
      }
    }
    assertThat(cli("query", "--store", db, "--host", "node-ea", "--kind", "model_weights", "--format", "jsonl", "--limit", "0")).isZero();
    assertThat(cliText().lines().toList()).hasSize(300).allSatisfy(l -> assertThat(l).contains("\"node-ea\"", "\"model_weights\""));
    assertThat(cli("query", "--store", db, "--host", "node-zz", "--format", "jsonl")).isZero();
    assertThat(cliText()).isEmpty();

    // policy evidence from the fleet store: events of the container, verification of every host
    var evidence = dev.aiaudit.cli.wiring.StoreEvidenceSource.fleet(db, Duration.ofDays(190));
    assertThat(evidence.events("host:container/3f9a2c1b7d4e", "", java.time.Instant.EPOCH).value()).isEqualTo(900L);
    var verified = evidence.verification();
    assertThat(verified.known()).isTrue();
    assertThat(verified.value().ok()).as(verified.detail()).isTrue();

    // tampering in the database: an altered record, a deleted one, a forged checkpoint signature
    sql(db, "UPDATE fleet_events SET record = (SELECT record FROM fleet_events WHERE host = 'node-ea' AND seq = 5)"
        + " WHERE host = 'node-ea' AND seq = 6");
    sql(db, "DELETE FROM fleet_events WHERE host = 'node-ea' AND seq = 300");
    sql(db, "UPDATE fleet_checkpoints SET signature = (SELECT signature FROM fleet_checkpoints WHERE host = 'node-eb' AND seq = 100)"
        + " WHERE host = 'node-eb' AND seq = 200");
    assertThat(cli("verify", "--store", db)).as(cliText()).isEqualTo(1);
    assertThat(cliText()).contains("BROKEN (2 host(s), 2 broken)", "record 6: altered", "records 300..300 missing",
        "signed checkpoint at seq 300", "the store holds no record 300", "host node-eb: BROKEN",
        "signed checkpoint at seq 200", "bad signature");
    assertThat(evidence.verification().value().ok()).isFalse();
  }

  @Test
  void twoServeInstances_shareThePartitions_andOneTakesOverWhenTheOtherStops() throws Exception {
    topic("fleet-g");
    String db = database("fleet_g");
    // two hosts on each of the 3 partitions (the producer's partitioner: murmur2 of the key)
    List<String> hosts = new ArrayList<>();
    int[] perPartition = new int[3];
    for (int i = 0; hosts.size() < 6; i++) {
      String h = "node-g" + i;
      int part = org.apache.kafka.common.utils.Utils.toPositive(
          org.apache.kafka.common.utils.Utils.murmur2(h.getBytes(StandardCharsets.UTF_8))) % 3;
      if (perPartition[part] < 2) {
        perPartition[part]++;
        hosts.add(h);
      }
    }
    java.util.concurrent.atomic.AtomicBoolean stopAll = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicBoolean stop2 = new java.util.concurrent.atomic.AtomicBoolean();
    FleetCollector c1 = collector("fleet-g", "serve-g", db);
    FleetCollector c2 = collector("fleet-g", "serve-g", db);
    Thread t1 = Thread.ofPlatform().name("serve-1").start(() -> runQuietly(c1, stopAll::get));
    Thread t2 = Thread.ofPlatform().name("serve-2").start(() -> runQuietly(c2, () -> stopAll.get() || stop2.get()));
    List<Journal> journals = new ArrayList<>();
    List<Exporter> exporters = new ArrayList<>();
    boolean c2closed = false;
    try (FleetStore q = FleetStore.open(db)) {
      // both serve instances in the group, each with partitions, before anything is exported
      try (var admin = kafka.admin()) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
          var members = admin.describeConsumerGroups(List.of("serve-g")).all().get().get("serve-g").members();
          if (members.size() == 2 && members.stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
            break;
          }
          assertThat(System.nanoTime()).as("two members with partitions").isLessThan(deadline);
          Thread.sleep(200);
        }
      }
      for (String h : hosts) {
        Journal j = Journal.open(dir.resolve(h), JournalOptions.defaults());
        journals.add(j);
        j.append(events(h, 0, 200));
        exporters.add(exporter(j, h.substring("node-".length()), "fleet-g"));
      }
      waitStored(q, hosts, 200);
      stop2.set(true);
      t2.join(WAIT);
      long byTwo = c2.totals().stored();
      c2.close(); // leaves the group: its partitions go to serve-1
      c2closed = true;
      for (int i = 0; i < hosts.size(); i++) {
        journals.get(i).append(events(hosts.get(i), 200, 100));
      }
      waitStored(q, hosts, 300);
      stopAll.set(true);
      t1.join(WAIT);
      System.out.printf("FleetTest: serve-1 stored %d, serve-2 stored %d before it stopped (%d polls uncommitted after a rebalance)%n",
          c1.totals().stored(), byTwo, c1.uncommittedAfterRebalance() + c2.uncommittedAfterRebalance());
      assertThat(byTwo).as("serve-2 stored its share").isPositive();
      assertThat(c1.totals().stored()).as("serve-1 stored its share and took over").isGreaterThan(600);
      assertThat(c1.totals().stored() + byTwo).as("every record stored once, by one of them").isEqualTo(6 * 300);
      for (String h : hosts) {
        assertThat(q.seqs(h)).as(h).isEqualTo(range(1, 300));
      }
      assertThat(q.findings()).isEmpty();
      assertThat(q.rejected()).isEmpty();
    } finally {
      stopAll.set(true);
      t1.join(WAIT);
      t2.join(WAIT);
      c1.close();
      if (!c2closed) {
        c2.close();
      }
      for (Exporter e : exporters) {
        e.close();
      }
      for (Journal j : journals) {
        j.close();
      }
    }
  }

  private static void runQuietly(FleetCollector c, BooleanSupplier stop) {
    try {
      c.run(stop);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void waitStored(FleetStore q, List<String> hosts, int each) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      boolean all = true;
      for (String h : hosts) {
        all &= q.seqs(h).size() >= each;
      }
      if (all) {
        return;
      }
      assertThat(System.nanoTime()).as("timed out waiting for " + each + " records of each host").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  @Test
  @Order(Integer.MAX_VALUE) // restarts the shared broker: last
  void kafkaBrokerRestartDuringExportAndServe_losesNothing_andDuplicatesNothing() throws Exception {
    topic("fleet-f");
    String db = database("fleet_f");
    try (Journal j = Journal.open(dir.resolve("f"), JournalOptions.defaults());
        FleetCollector c = collector("fleet-f", "serve-f", db);
        Exporter ex = exporter(j, "f", "fleet-f", Duration.ofSeconds(3))) {
      j.append(events("node-f", 0, 400));
      assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
      until(c, () -> c.totals().stored() >= 400);
      var broker = kafka.brokers().values().iterator().next();
      long t0 = System.nanoTime();
      broker.shutdown();
      broker.awaitShutdown();
      System.out.printf("FleetTest: broker shut down in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      try {
        j.append(events("node-f", 400, 400));
        // the outage holds the 400 new records back: unacknowledged (backlog), nothing new stored, and it is not
        // silent: each attempt fails within the sink's timeout (3 s) and is counted, again and again while it lasts
        // (the second attempt is a new producer whose initTransactions finds no coordinator)
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        String firstError = null;
        while (ex.stats().failedAttempts() < 2 && System.nanoTime() < deadline) {
          c.runOnce(Duration.ofMillis(200));
          if (firstError == null) {
            firstError = ex.stats().lastError();
          }
        }
        System.out.printf("FleetTest: failed attempts while the broker was down: %d in %d ms (first: %s; last: %s)%n",
            ex.stats().failedAttempts(), (System.nanoTime() - deadline + Duration.ofSeconds(45).toNanos()) / 1_000_000, firstError,
            ex.stats().lastError());
        if (ex.stats().failedAttempts() < 2) {
          dumpThreads("ai-audit-export", "kafka-producer");
        }
        assertThat(ex.stats().failedAttempts()).as("failed attempts counted during the outage").isGreaterThanOrEqualTo(2);
        assertThat(ex.stats().lastError()).isNotBlank();
        assertThat(ex.stats().backlog()).isPositive();
        assertThat(c.totals().stored()).isEqualTo(400);
      } finally {
        t0 = System.nanoTime();
        broker.startup();
        kafka.waitForReadyBrokers();
        System.out.printf("FleetTest: broker back in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      }
      assertThat(ex.awaitCaughtUp(WAIT)).isTrue();
      until(c, () -> c.totals().stored() >= 800);
      for (int i = 0; i < 5; i++) {
        c.runOnce(Duration.ofMillis(200));
      }
      assertThat(c.totals().stored()).isEqualTo(800);
      try (FleetStore q = FleetStore.open(db)) {
        assertThat(q.seqs("node-f")).isEqualTo(range(1, 800));
        assertThat(q.findings()).isEmpty();
      }
    }
  }
}
