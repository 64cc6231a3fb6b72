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
 * End-to-end ingest: batches of realistic events through the journal (default fsync policy: one fsync per batch)
 * and the DuckDB store. Prints events/s for the JSON encoding, the journal alone, the store alone and both, and
 * both as the agent runs them ({@link dev.aiaudit.journal.JournalSink}: batch k is forced while batch k+1 is
 * written, and handed to the store's thread once durable).
 *
 * <p>Each path runs in a JVM of its own (forked with this JVM's options, as JMH forks), first once untimed on the
 * same number of events (JIT compilation, heap and page-cache growth: the agent is a long-running process), then
 * {@code rounds} times timed; each row is the median round by wall time. The agent path's first, cold run is
 * printed as a row of its own.
 */
public final class IngestBench {
  private static final String PLACEHOLDER_HASH = "00".repeat(32);

  private IngestBench() {}

  /** The paths measured, each in a JVM of its own: {@code (key, row name)}. */
  private static final String[][] PATHS = {
      {"encode", "JSON encode only (EventCodec.Writer, 1 thread)"},
      {"journal", "journal only (fsync group)"},
      {"store", "store only (DuckDB, table-function insert)"},
      {"serial", "journal then store, one thread"},
      {"agent", "journal | store on its own thread (agent: JournalSink)"},
      {"export", "same, a syslog exporter tailing the journal"}};

  /**
   * Runs each path in a forked JVM of its own (as JMH forks: code warmed on one path would carry that path's type
   * profiles into the next and slow it, which the agent, running one path, never sees), with this JVM's options.
   */
  static List<String[]> run(long events, int batchSize, int rounds) throws IOException, InterruptedException {
    List<String[]> rows = new ArrayList<>();
    String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (String[] path : PATHS) {
      List<String> cmd = new ArrayList<>();
      cmd.add(launcher);
      cmd.addAll(jvm);
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), IngestBench.class.getName(), path[0],
          Long.toString(events), Integer.toString(batchSize), Integer.toString(rounds)));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IOException("ingest path '" + path[0] + "' failed (exit " + p.exitValue() + "): " + out);
      }
      for (String line : out.split("\n")) {
        if (line.startsWith("ROW\t")) {
          String[] f = line.substring(4).split("\t");
          f[0] = path[1] + f[0];
          rows.add(f);
        }
      }
    }
    return rows;
  }

  /** Child JVM: {@code PATH EVENTS BATCH ROUNDS}; prints {@code ROW\t...} lines (cold first run, median of rounds). */
  public static void main(String[] args) throws Exception {
    String path = args[0];
    long events = Long.parseLong(args[1]);
    int batchSize = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    List<List<Event>> batches = new ArrayList<>();
    long t = 1_767_225_600_000_000_000L;
    for (long i = 0; i < events; i += batchSize) {
      List<Event> b = new ArrayList<>(batchSize);
      for (int j = 0; j < batchSize && i + j < events; j++) {
        b.add(Events.sample(i + j, t + (i + j) * 1_000));
      }
      batches.add(List.copyOf(b));
    }
    Path dir = Files.createTempDirectory("ai-audit-bench-ingest");
    try {
      List<Took> runs = new ArrayList<>();
      for (int r = 0; r <= rounds; r++) { // round 0: the cold JVM's first run, then warm rounds
        Path d = dir.resolve("r" + r);
        Took took = switch (path) {
          case "encode" -> encodeOnly(batches);
          case "journal" -> runOnce(d, batches, true, false);
          case "store" -> runOnce(d, batches, false, true);
          case "serial" -> runOnce(d, batches, true, true);
          case "agent" -> runPipelined(d, batches, false);
          case "export" -> runPipelined(d, batches, true);
          default -> throw new IllegalArgumentException("unknown ingest path " + path);
        };
        delete(d);
        if (r == 0 && path.equals("agent")) {
          System.out.println("ROW\t" + String.join("\t", row(", first run in a cold JVM", events, took)));
        }
        if (r > 0) {
          runs.add(took);
        }
      }
      runs.sort(Comparator.comparingLong(Took::wallNs));
      System.out.println("ROW\t" + String.join("\t", row(", median of " + rounds + " warm runs", events,
          runs.get(runs.size() / 2))));
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
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
          recs.add(new RecordedEvent(++seq, PLACEHOLDER_HASH, e)); // store only: no chain, one valid hash
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

  /**
   * The agent's path: {@link dev.aiaudit.journal.JournalSink} writes on the caller's thread and forces on its own, the
   * store inserts on the indexer thread (AsyncIndexer) what is durable.
   */
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
        dev.aiaudit.journal.JournalSink journalSink = new dev.aiaudit.journal.JournalSink(j, indexer);
        for (List<Event> b : batches) {
          journalSink.accept(b);
        }
        journalSink.flush();
        appendCpu = THREADS.getCurrentThreadCpuTime() - a0;
        indexer.awaitIdle(java.time.Duration.ofMinutes(10));
        s.flush();
        if (Boolean.getBoolean("bench.threads")) {
          StringBuilder b = new StringBuilder("THREADS");
          long events = total(batches);
          for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().startsWith("ai-audit-indexer") || th.getName().startsWith("journal-force")
                || th.getName().startsWith("ForkJoinPool")) {
              b.append(String.format(" %s=%.2f", th.getName(), THREADS.getThreadCpuTime(th.threadId()) / 1e3 / events));
            }
          }
          System.err.println(b);
        }
        journalSink.close(); // stops its forcing thread and closes the journal (closing it again below is a no-op)
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

  private static long total(List<List<Event>> batches) {
    long n = 0;
    for (List<Event> b : batches) {
      n += b.size();
    }
    return n;
  }

  private static String[] row(String name, long events, Took t) {
    double s = t.wallNs() / 1e9;
    double cpu = t.cpuNs() / 1e9;
    return new String[] {name, Long.toString(events), String.format("%.2f", s), String.format("%,.0f", events / s),
        String.format("%.2f", cpu), String.format("%.2f", t.cpuNs() / 1e3 / events), String.format("%,.0f", events / cpu),
        String.format("%.2f", t.appendThreadCpuNs() / 1e3 / events)};
  }
}
