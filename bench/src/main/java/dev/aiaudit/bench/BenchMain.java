package dev.aiaudit.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar bench/target/benchmarks.jar ingest [events] [batch]}: the end-to-end ingest
 * driver (journal + store), printing a table.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("alert-latency")) {
      int rate = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 50_000;
      int secs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
      int warm = args.length > 3 ? Integer.parseInt(args[3].replace("_", "")) : dev.aiaudit.cli.config.DetectConfig.DEFAULT_WARM_UP;
      print(dev.aiaudit.bench.detect.AlertLatencyBench.run(rate, secs, warm));
      return;
    }
    if (args.length > 0 && args[0].equals("detect")) {
      long n = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 2_000_000;
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"rule evaluation, 1 thread", "events", "seconds", "events/s"});
      rows.addAll(dev.aiaudit.bench.detect.RuleEvalBench.run(n));
      print(rows);
      List<String[]> mem = new ArrayList<>();
      mem.add(new String[] {"detector", "keys", "retained heap (JOL)", "per key"});
      mem.addAll(dev.aiaudit.bench.detect.RuleEvalBench.memory(100_000));
      print(mem);
      return;
    }
    if (args.length > 0 && args[0].equals("export")) {
      long events = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 200_000;
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"sink", "events", "seconds", "events/s"});
      rows.addAll(dev.aiaudit.bench.export.ExportBench.run(events, args.length > 2 ? args[2] : null));
      print(rows);
      return;
    }
    if (args.length > 0 && args[0].equals("gpu")) {
      print(dev.aiaudit.bench.gpu.GpuSampleBench.run(args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 20_000));
      return;
    }
    if (args.length > 0 && args[0].equals("dashboard")) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"dashboard", "size", "p50", "p99"});
      rows.addAll(dev.aiaudit.bench.dashboard.DashboardBench.run(
          args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 1_000_000, args.length > 2 ? Integer.parseInt(args[2]) : 100));
      print(rows);
      return;
    }
    if (args.length > 0 && args[0].equals("evidence")) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"evidence pack", "records in pack", "CPU s", "wall s", "pack", "peak heap"});
      rows.addAll(dev.aiaudit.bench.evidence.EvidenceBench.run(args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 1_000_000));
      print(rows);
      return;
    }
    if (args.length > 0 && args[0].equals("serve")) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"path", "events", "seconds", "result"});
      rows.addAll(dev.aiaudit.bench.export.ServeBench.run(args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 50_000));
      print(rows);
      return;
    }
    if (args.length > 0 && args[0].equals("policy")) {
      int deployments = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 10_000;
      int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
      System.out.print(dev.aiaudit.bench.policy.PolicyBenchmark.table(
          new dev.aiaudit.bench.policy.PolicyBenchmark(deployments, Math.max(1, runs), 5).run()));
      return;
    }
    if (args.length > 0 && args[0].equals("webhook")) {
      int requests = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 20_000;
      int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 4;
      var clients = args.length > 3
          ? List.of(dev.aiaudit.bench.admission.WebhookLoadDriver.Client.valueOf(args[3].toUpperCase(java.util.Locale.ROOT)))
          : List.of(dev.aiaudit.bench.admission.WebhookLoadDriver.Client.values());
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"client", "concurrency", "result"});
      rows.addAll(dev.aiaudit.bench.admission.WebhookBench.run(requests, concurrency, 2_000, clients));
      print(rows);
      return;
    }
    if (args.length == 0 || !args[0].equals("ingest")) {
      System.err.println("usage: java -jar bench/target/benchmarks.jar ingest [EVENTS] [BATCH] [ROUNDS]   (a warm-up round, then the median of ROUNDS)");
      System.err.println("       java -jar bench/target/benchmarks.jar detect [EVENTS] | alert-latency [RATE] [SECONDS] [WARM_UP_RECORDS, 0 = cold]");
      System.err.println("       java -jar bench/target/benchmarks.jar export [EVENTS] [KAFKA_BOOTSTRAP]");
      System.err.println("       java -jar bench/target/benchmarks.jar dashboard [EVENTS] [SSE_CLIENTS]   (API p50/p99, SSE fan-out)");
      System.err.println("       java -jar bench/target/benchmarks.jar serve [EVENTS_PER_AGENT]   (in-process broker + throwaway PostgreSQL)");
      System.err.println("       java -jar bench/target/benchmarks.jar gpu [ROUNDS]   (one NVML sampling round per GPU, emulated)");
      System.err.println("       java -jar bench/target/benchmarks.jar policy [DEPLOYMENTS] [RUNS] | webhook [REQUESTS] [CONCURRENCY] [jdk|raw]");
      System.err.println("  JMH: java -cp bench/target/benchmarks.jar org.openjdk.jmh.Main [EventCodecBenchmark|JournalAppendBenchmark|PolicyEvaluatorBenchmark|QuerySqlBenchmark]");
      System.err.println("  other drivers: java -cp bench/target/benchmarks.jar dev.aiaudit.bench.journal.JournalAppendBench | dev.aiaudit.bench.store.StoreInsertBench");
      System.exit(2);
    }
    long events = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 2_000_000;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"path", "events", "seconds", "events/s", "CPU s", "CPU µs/event", "events/CPU-s", "caller-thread CPU µs/event"});
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    rows.addAll(IngestBench.run(events, batch, rounds));
    print(rows);
  }

  static void print(List<String[]> rows) {
    int[] w = new int[rows.getFirst().length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (int k = 0; k < rows.size(); k++) {
      StringBuilder b = new StringBuilder("| ");
      for (int i = 0; i < w.length; i++) {
        String c = rows.get(k)[i];
        b.append(i == 0 ? String.format("%-" + w[i] + "s", c) : String.format("%" + w[i] + "s", c)).append(" | ");
      }
      System.out.println(b.toString().stripTrailing());
      if (k == 0) {
        StringBuilder sep = new StringBuilder("|");
        for (int x : w) {
          sep.append("-".repeat(x + 2)).append('|');
        }
        System.out.println(sep);
      }
    }
  }
}
