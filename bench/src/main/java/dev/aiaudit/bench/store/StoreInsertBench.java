package dev.aiaudit.bench.store;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.testing.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Insert throughput of the DuckDB index (batches of 4096 realistic events through the Appender) and
 * query latency of typical filters over the result. A plain main, not JMH: the measured unit is a
 * multi-second bulk load whose steady state JMH would not improve on.
 *
 * <p>Usage: {@code StoreInsertBench [events=1000000] [batch=4096] [dir=tmp]}
 */
public final class StoreInsertBench {
  private static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z

  private StoreInsertBench() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
    Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("store-bench");
    Path file = dir.resolve("events.duckdb");
    Files.deleteIfExists(file);
    Files.deleteIfExists(Path.of(file + ".wal"));

    // Events are built up front so that the figure is the store's cost only.
    List<List<RecordedEvent>> batches = new ArrayList<>();
    HexFormat hex = HexFormat.of();
    byte[] h = new byte[32];
    java.util.Random random = new java.util.Random(42); // chain hashes are random: they do not compress
    List<RecordedEvent> cur = new ArrayList<>(batchSize);
    for (int i = 0; i < events; i++) {
      random.nextBytes(h);
      cur.add(new RecordedEvent(i + 1, hex.formatHex(h), Events.sample(i, T0 + i * 1_000_000L)));
      if (cur.size() == batchSize) {
        batches.add(cur);
        cur = new ArrayList<>(batchSize);
      }
    }
    if (!cur.isEmpty()) {
      batches.add(cur);
    }

    try (EventStore store = EventStore.openDuckDb(file)) {
      // Warm-up: first 10% of batches into the real store (counted in the total rows).
      int warm = Math.max(1, batches.size() / 10);
      for (int b = 0; b < warm; b++) {
        store.insert(batches.get(b));
      }
      long warmRows = store.lastSeq();
      long t = System.nanoTime();
      long cpu0 = cpuNanos();
      for (int b = warm; b < batches.size(); b++) {
        store.insert(batches.get(b));
      }
      store.flush();
      double s = (System.nanoTime() - t) / 1e9;
      double cpu = (cpuNanos() - cpu0) / 1e9;
      long rows = store.lastSeq() - warmRows;
      System.out.printf(Locale.ROOT, "insert: %d events in %.2f s = %,.0f events/s wall (batch %d, after %d warm-up"
          + " rows); process CPU %.2f s = %,.0f events per CPU-second%n", rows, s, rows / s, batchSize, warmRows, cpu,
          rows / cpu);

      Instant mid = Instant.ofEpochSecond(0, T0 + events / 2 * 1_000_000L);
      query(store, "last 10 min window, model_weights, limit 1000", EventQuery.builder()
          .from(mid).to(mid.plusSeconds(600)).assetKinds(List.of(AssetKind.MODEL_WEIGHTS)).limit(1000).build());
      query(store, "path glob /data/train/shard-42*.parquet, no limit", EventQuery.builder()
          .pathGlob("/data/train/shard-42*.parquet").limit(0).build());
      query(store, "pid 1042 + kind model_weights, newest 100", EventQuery.builder()
          .process("1042").assetKinds(List.of(AssetKind.MODEL_WEIGHTS)).limit(100).newestFirst(true).build());
      query(store, "process python3 + user 1000 + container 3f9a, limit 1000", EventQuery.builder()
          .process("python3*").user("1000").container("3f9a").limit(1000).build());
      query(store, "sensor events (none), full scan", EventQuery.builder().classUids(List.of(1008)).limit(0).build());
    }
    long bytes = Files.size(file);
    System.out.printf(Locale.ROOT, "file after close: %,d bytes for %,d rows (%.1f bytes/row)%n", bytes, events,
        (double) bytes / events);
  }

  /** CPU time of the whole process (all threads, DuckDB's native ones included). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void query(EventStore store, String name, EventQuery q) {
    long best = Long.MAX_VALUE;
    long n = 0;
    for (int i = 0; i < 7; i++) {
      long t = System.nanoTime();
      n = store.query(q, r -> {});
      best = Math.min(best, System.nanoTime() - t);
    }
    System.out.printf(Locale.ROOT, "query %-55s %7d rows  best of 7: %7.2f ms%n", name, n, best / 1e6);
  }
}
