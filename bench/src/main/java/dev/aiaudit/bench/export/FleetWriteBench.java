package dev.aiaudit.bench.export;

import dev.aiaudit.model.*;
import dev.aiaudit.store.pg.*;
import dev.aiaudit.testing.*;
import java.nio.file.*;
import java.sql.*;
import java.util.*;
/**
 * {@code java -cp bench/target/benchmarks.jar dev.aiaudit.bench.export.FleetWriteBench}: how {@code serve} stores a
 * 2000-record poll in a throwaway PostgreSQL, {@link FleetStore#write} (COPY into a temp table, then one idempotent
 * INSERT ... SELECT) against the multi-row {@code INSERT ... ON CONFLICT DO NOTHING} in statements of 500 rows that
 * it used before. Alternating rounds, the first four as warm-up; per row: wall time, the JVM thread's CPU, and the
 * CPU of every process of the cluster (from /proc), which the load of other processes does not inflate.
 */
public final class FleetWriteBench {
  private FleetWriteBench() {}

  static long postmaster(int port) throws Exception {
    try (var s = Files.list(Path.of("/proc"))) {
      for (Path p : s.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
          if (cmd.contains("bin/postgres") && cmd.contains("-p " + port + " ")) return Long.parseLong(p.getFileName().toString());
        } catch (Exception e) { }
      }
    }
    throw new IllegalStateException("no postmaster");
  }
  static long pgTicks(long pm) throws Exception {
    long t = 0;
    try (var s = Files.list(Path.of("/proc"))) {
      for (Path p : s.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String st = Files.readString(p.resolve("stat"));
          String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
          long pid = Long.parseLong(p.getFileName().toString());
          if (pid == pm || Long.parseLong(f[1]) == pm) t += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) { }
      }
    }
    return t;
  }
  public static void main(String[] a) throws Exception {
    var tb = java.lang.management.ManagementFactory.getThreadMXBean();
    try (Postgres pg = Postgres.start(Postgres.findBin())) {
      try (FleetStore s = FleetStore.open(pg.jdbcUrl())) { }
      long pm = postmaster(pg.port());
      long seq = 0;
      long[][] tot = new long[2][3];
      for (int round = 0; round < 20; round++) {
        int v = round % 2;
        List<FleetRow> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
          seq++;
          Event e = Events.sample(seq, 1_767_225_600_000_000_000L + seq);
          rows.add(new FleetRow("h", seq, e.timeNs(), 1001, String.format("%064x", seq), String.format("%064x", seq - 1), true,
              EventCodec.encodeToString(e), e, 0, seq));
        }
        try (FleetStore s = FleetStore.open(pg.jdbcUrl()); Connection c = DriverManager.getConnection(pg.jdbcUrl())) {
          c.setAutoCommit(false);
          long p0 = pgTicks(pm), c0 = tb.getCurrentThreadCpuTime(), w0 = System.nanoTime();
          if (v == 0) {
            s.write(new FleetBatch(rows, List.of(), List.of(), List.of(), Map.of()));
          } else {
            for (int k = 0; k < rows.size(); k += 500) {
              List<FleetRow> sub = rows.subList(k, k + 500);
              StringBuilder sql = new StringBuilder("INSERT INTO fleet_events (host, seq, time_ns, class_uid, hash, prev_hash, hash_ok, record, kafka_partition, kafka_offset) VALUES ");
              for (int i = 0; i < sub.size(); i++) sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?::jsonb,?,?)");
              sql.append(" ON CONFLICT (host, seq) DO NOTHING RETURNING host");
              try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int j = 1;
                for (FleetRow r : sub) {
                  ps.setString(j++, r.host()); ps.setLong(j++, r.seq()); ps.setLong(j++, r.timeNs()); ps.setInt(j++, r.classUid());
                  ps.setString(j++, r.hash()); ps.setString(j++, r.prevHash()); ps.setBoolean(j++, r.hashOk()); ps.setString(j++, r.json());
                  ps.setInt(j++, r.partition()); ps.setLong(j++, r.offset());
                }
                try (ResultSet rs = ps.executeQuery()) { while (rs.next()) {} }
              }
            }
            c.commit();
          }
          if (round >= 4) {
            tot[v][0] += System.nanoTime() - w0; tot[v][1] += tb.getCurrentThreadCpuTime() - c0; tot[v][2] += (pgTicks(pm) - p0) * 10_000_000L;
          }
        }
      }
      for (int v = 0; v < 2; v++) {
        double n = 8 * 2000;
        System.out.printf("%s: wall %.1f us/row, JVM thread CPU %.1f us/row, PostgreSQL CPU %.1f us/row%n", v == 0 ? "COPY (FleetStore.write)" : "multi-row INSERT x500 (before)",
            tot[v][0] / 1e3 / n, tot[v][1] / 1e3 / n, tot[v][2] / 1e3 / n);
      }
    }
  }
}
