package dev.aiaudit.bench;

import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.testing.Events;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * End-to-end ingest: batches of realistic events through the journal (default fsync policy:
 * one fsync per batch) and then the DuckDB store, on one thread as the agent's pipeline worker
 * does. Prints events/s for journal alone, store alone and both.
 */
final class IngestBench {
  private IngestBench() {}

  static List<String[]> run(long events, int batchSize) throws IOException {
    List<List<Event>> batches = new ArrayList<>();
    long t = 1_767_225_600_000_000_000L;
    for (long i = 0; i < events; i += batchSize) {
      List<Event> b = new ArrayList<>(batchSize);
      for (int j = 0; j < batchSize && i + j < events; j++) {
        b.add(Events.sample(i + j, t + (i + j) * 1_000));
      }
      batches.add(List.copyOf(b));
    }
    List<String[]> rows = new ArrayList<>();
    Path dir = Files.createTempDirectory("ai-audit-bench-ingest");
    try {
      // warm-up on a throw-away journal + store
      runOnce(dir.resolve("warm"), batches.subList(0, Math.min(batches.size(), 50)), true, true);
      rows.add(row("JSON encode only (EventCodec.Writer, 1 thread)", events, encodeOnly(batches)));
      rows.add(row("journal only (fsync group)", events, runOnce(dir.resolve("j"), batches, true, false)));
      rows.add(row("store only (DuckDB, table-function insert)", events, runOnce(dir.resolve("s"), batches, false, true)));
      rows.add(row("journal then store, one thread", events, runOnce(dir.resolve("js"), batches, true, true)));
      rows.add(row("journal | store on its own thread (agent)", events, runPipelined(dir.resolve("jp"), batches, false)));
      rows.add(row("same, a syslog exporter tailing the journal", events, runPipelined(dir.resolve("jx"), batches, true)));
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return rows;
  }

  /** Wall and process CPU nanoseconds of one timed run. */
  private record Took(long wallNs, long cpuNs, long appendThreadCpuNs) {}

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  /** Process CPU time (all threads: JIT, GC, DuckDB's own workers included). */
  private static long cpuNs() {
    return OS.getProcessCpuTime();
  }

  private static Took runOnce(Path dir, List<List<Event>> batches, boolean journal, boolean store) throws IOException {
    Files.createDirectories(dir);
    Journal j = journal ? Journal.open(dir.resolve("journal"), JournalOptions.defaults()) : null;
    EventStore s = store ? EventStore.openDuckDb(dir.resolve("events.duckdb")) : null;
    long seq = 0;
    long c0 = cpuNs();
    long a0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (List<Event> b : batches) {
      List<RecordedEvent> recs;
      if (j != null) {
        recs = j.append(b);
      } else {
        recs = new ArrayList<>(b.size());
        for (Event e : b) {
          recs.add(new RecordedEvent(++seq, "00", e));
        }
      }
      if (s != null) {
        s.insert(recs);
      }
    }
    if (s != null) {
      s.flush(); // the rows committed, as the pipelined run's awaitIdle + flush
    }
    long ns = System.nanoTime() - t0;
    long cpu = cpuNs() - c0;
    long appendCpu = THREADS.getCurrentThreadCpuTime() - a0;
    if (j != null) {
      j.close();
    }
    if (s != null) {
      s.close();
    }
    return new Took(ns, cpu, appendCpu);
  }

  /** The journal's per-record JSON encoding alone, on this thread (warmed up first). */
  private static Took encodeOnly(List<List<Event>> batches) {
    dev.aiaudit.model.EventCodec.Writer w = new dev.aiaudit.model.EventCodec.Writer();
    long sink = 0;
    for (int i = 0; i < Math.min(batches.size(), 50); i++) {
      for (Event e : batches.get(i)) {
        sink += w.encode(e);
      }
    }
    long c0 = cpuNs();
    long a0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (List<Event> b : batches) {
      for (Event e : b) {
        sink += w.encode(e);
      }
    }
    long ns = System.nanoTime() - t0;
    if (sink == 42) {
      System.out.print("");
    }
    return new Took(ns, cpuNs() - c0, THREADS.getCurrentThreadCpuTime() - a0);
  }

  /** The agent's path: journal on the caller's thread, the store on the indexer thread (AsyncIndexer). */
  private static Took runPipelined(Path dir, List<List<Event>> batches, boolean exporter) throws IOException {
    Files.createDirectories(dir);
    Journal j = Journal.open(dir.resolve("journal"), JournalOptions.defaults());
    EventStore s = EventStore.openDuckDb(dir.resolve("events.duckdb"));
    java.net.ServerSocket sink = null;
    dev.aiaudit.export.Exporter ex = null;
    long appendCpu = 0;
    long c0;
    long t0;
    try {
      if (exporter) { // tails the journal from seq 1 on its own thread, as the agent's exporters do
        sink = dev.aiaudit.bench.export.ExportBench.discardingTcp();
        ex = dev.aiaudit.export.Exporter.builder("syslog", dev.aiaudit.cli.wiring.ExportWiring.source(j),
            new dev.aiaudit.export.syslog.SyslogTransport("127.0.0.1", sink.getLocalPort(),
                dev.aiaudit.export.syslog.SyslogProtocol.TCP, null,
                new dev.aiaudit.export.syslog.Rfc5424(13, "ai-audit", "bench"), 10_000),
            new dev.aiaudit.export.cursor.CursorFile(dir.resolve("export").resolve("syslog.cursor"))).build().start();
      }
      c0 = cpuNs();
      t0 = System.nanoTime();
      long a0 = THREADS.getCurrentThreadCpuTime();
      try (dev.aiaudit.cli.wiring.AsyncIndexer indexer = new dev.aiaudit.cli.wiring.AsyncIndexer(s::insert, 16)) {
        for (List<Event> b : batches) {
          indexer.accept(j.append(b));
        }
        appendCpu = THREADS.getCurrentThreadCpuTime() - a0;
        indexer.awaitIdle(java.time.Duration.ofMinutes(10));
        s.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    long ns = System.nanoTime() - t0;
    long cpu = cpuNs() - c0;
    if (ex != null) {
      ex.close();
    }
    if (sink != null) {
      sink.close();
    }
    j.close();
    s.close();
    return new Took(ns, cpu, appendCpu);
  }

  private static String[] row(String name, long events, Took t) {
    double s = t.wallNs() / 1e9;
    double cpu = t.cpuNs() / 1e9;
    return new String[] {name, Long.toString(events), String.format("%.2f", s), String.format("%,.0f", events / s),
        String.format("%.2f", cpu), String.format("%.2f", t.cpuNs() / 1e3 / events), String.format("%,.0f", events / cpu),
        String.format("%.2f", t.appendThreadCpuNs() / 1e3 / events)};
  }
}
