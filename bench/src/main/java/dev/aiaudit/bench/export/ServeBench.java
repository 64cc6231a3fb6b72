package dev.aiaudit.bench.export;

import dev.aiaudit.cli.fleet.FleetCollector;
import dev.aiaudit.cli.wiring.ExportWiring;
import dev.aiaudit.export.Exporter;
import dev.aiaudit.export.cursor.CursorFile;
import dev.aiaudit.export.kafka.FleetConsumer;
import dev.aiaudit.export.kafka.KafkaTransport;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.store.pg.FleetStore;
import dev.aiaudit.testing.Events;
import dev.aiaudit.testing.Postgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * {@code java -jar bench/target/benchmarks.jar serve [EVENTS_PER_AGENT]}: an in-process KRaft broker and a throwaway
 * PostgreSQL on this machine; two agents' journals export to the topic while one {@code serve} collector stores
 * them. Rows: the exporters alone draining two pre-written journals into the topic, then {@code serve} alone draining
 * the topic into PostgreSQL (events/s, with the JVM's CPU time per event and the collector thread's, which the load
 * of other processes does not inflate), then a paced phase (200 events/s per agent for 5 s) giving latency from
 * journal append to the row being committed in PostgreSQL (p50/p99).
 */
public final class ServeBench {
  private ServeBench() {}

  public static List<String[]> run(int perAgent) throws Exception {
    Path tmp = Files.createTempDirectory("ai-audit-serve-bench");
    List<String[]> rows = new ArrayList<>();
    try (Postgres pg = Postgres.start(Postgres.findBin());
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
            .setNumBrokerNodes(1).setNumControllerNodes(1).build())
            .setConfigProp("offsets.topic.replication.factor", "1").setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1").setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0").build()) {
      kafka.format();
      kafka.startup();
      kafka.waitForReadyBrokers();
      try (var admin = kafka.admin()) {
        admin.createTopics(List.of(new NewTopic("ai-audit", 4, (short) 1))).all().get();
      }
      try (Journal a = Journal.open(tmp.resolve("a"), JournalOptions.defaults());
          Journal b = Journal.open(tmp.resolve("b"), JournalOptions.defaults());
          FleetCollector serve = new FleetCollector(new FleetConsumer(kafka.bootstrapServers(), "ai-audit", "bench", 2000, Map.of()),
              FleetStore.open(pg.jdbcUrl()), new PrintStream(OutputStream.nullOutputStream()))) {
        append(a, "agent-a", 0, perAgent, 0);
        append(b, "agent-b", 0, perAgent, 0);
        // phase 1: the exporters alone drain both journals into the topic (no collector running)
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        Exporter ea = exporter(a, kafka, tmp, "a");
        Exporter eb = exporter(b, kafka, tmp, "b");
        try {
          if (!ea.awaitCaughtUp(Duration.ofMinutes(10)) || !eb.awaitCaughtUp(Duration.ofMinutes(10))) {
            throw new IllegalStateException("exporters did not catch up in 10 minutes");
          }
          rows.add(row("export: 2 journals -> Kafka (acks=all)", 2L * perAgent, System.nanoTime() - start, processCpuNanos() - cpu0, -1));
          // phase 2: serve alone drains the topic's backlog into PostgreSQL
          AtomicBoolean stop = new AtomicBoolean();
          cpu0 = processCpuNanos();
          start = System.nanoTime();
          Thread collector = Thread.ofPlatform().start(() -> {
            try {
              serve.run(stop::get);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
          waitRows(pg, 2L * perAgent);
          long drainNs = System.nanoTime() - start;
          long drainCpu = processCpuNanos() - cpu0;
          long collectorCpu = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(collector.threadId());
          rows.add(row("serve: Kafka backlog -> PostgreSQL (COPY per poll)", 2L * perAgent, drainNs, drainCpu, collectorCpu));
          System.err.println("serve totals after the drain: " + serve.totals());
          // paced: 200 events/s per agent for 5 s; event time = append time
          long paced = 0;
          for (int tick = 0; tick < 50; tick++) {
            append(a, "agent-a", perAgent + tick * 20L, 20, System.currentTimeMillis() * 1_000_000L);
            append(b, "agent-b", perAgent + tick * 20L, 20, System.currentTimeMillis() * 1_000_000L);
            paced += 40;
            Thread.sleep(100);
          }
          waitRows(pg, 2L * perAgent + paced);
          double[] p = latency(pg, perAgent);
          rows.add(new String[] {"paced 2 x 200 events/s: append -> row committed", Long.toString(paced), "5.00",
              String.format("p50 %.0f ms, p99 %.0f ms", p[0], p[1])});
          stop.set(true);
          collector.join(10_000);
        } finally {
          ea.close();
          eb.close();
        }
      }
    } finally {
      try (var s = Files.walk(tmp)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
      }
    }
    return rows;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** name, events, seconds, events/s with the JVM's CPU per event (and the collector thread's, when given). */
  private static String[] row(String name, long n, long wallNs, long cpuNs, long threadCpuNs) {
    double s = wallNs / 1e9;
    String cpu = String.format("; JVM CPU %.1f us/event", cpuNs / 1e3 / n)
        + (threadCpuNs < 0 ? "" : String.format(", collector thread %.1f us/event", threadCpuNs / 1e3 / n));
    return new String[] {name, Long.toString(n), String.format("%.2f", s), String.format("%,.0f events/s", n / s) + cpu};
  }

  private static Exporter exporter(Journal j, KafkaClusterTestKit kafka, Path tmp, String name) {
    return Exporter.builder(name, ExportWiring.source(j), new KafkaTransport(kafka.bootstrapServers(), "ai-audit", Duration.ofSeconds(30), Map.of()),
        new CursorFile(tmp.resolve("export").resolve(name + ".cursor"))).setIdlePoll(Duration.ofMillis(20)).build().start();
  }

  private static void append(Journal j, String host, long from, int n, long timeNs) {
    for (long i = from; i < from + n; i += 4096) {
      List<Event> batch = new ArrayList<>();
      for (long k = i; k < Math.min(from + n, i + 4096); k++) {
        FileEvent s = (FileEvent) Events.sample(k, timeNs == 0 ? 1_767_225_600_000_000_000L + k : timeNs);
        batch.add(new FileEvent(s.timeNs(), s.endTimeNs(), host, s.activity(), s.process(), s.path(), s.asset(), s.count(), s.source()));
      }
      j.append(batch);
    }
  }

  private static long count(Postgres pg) throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement();
        // the collector's own per-host counters: a count(*) over the jsonb rows every few ms would compete for the CPU
        ResultSet rs = st.executeQuery("SELECT coalesce(sum(records), 0) FROM fleet_hosts")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void waitRows(Postgres pg, long n) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (count(pg) < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + count(pg) + " of " + n + " rows after 10 minutes");
      }
      Thread.sleep(100);
    }
  }

  /** p50, p99 in ms of (commit time - event time) for the paced records (seq > perAgent). */
  private static double[] latency(Postgres pg, int perAgent) throws Exception {
    // received_at is the inserting transaction's start; the commit follows within the same poll
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d), percentile_cont(0.99) WITHIN GROUP (ORDER BY d)"
            + " FROM (SELECT extract(epoch FROM received_at) * 1000 - time_ns / 1e6 AS d FROM fleet_events WHERE seq > " + perAgent + ") x")) {
      rs.next();
      return new double[] {rs.getDouble(1), rs.getDouble(2)};
    }
  }
}
