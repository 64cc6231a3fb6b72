package dev.aiaudit.bench.detect;

import dev.aiaudit.cli.wiring.PipelineWarmUp;
import dev.aiaudit.detect.DetectionEngine;
import dev.aiaudit.detect.rules.RuleLoader;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.journal.JournalSink;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.pipeline.BatchingSink;
import dev.aiaudit.testing.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Latency from a record entering the pipeline to its alert being durable in the journal, wired as
 * the agent wires it: bounded queue → journal (fsync group) → detection stage on its own thread →
 * alerts offered back into the queue ({@code offerAllPromptly}, as the agent does) → journal. The
 * producer offers {@code rate} events/s; one in 1,000 is a weights read by {@code cp} of a fresh path
 * (an alert, never throttled). Percentiles over all alerts and over those of the run's second half
 * (past the JIT's warm-up).
 */
public final class AlertLatencyBench {
  private static final int WINDOW_S = 5;

  private AlertLatencyBench() {}

  public static List<String[]> run(int rate, int seconds) throws Exception {
    return run(rate, seconds, dev.aiaudit.cli.config.DetectConfig.DEFAULT_WARM_UP);
  }

  /**
   * As the agent starts: {@code warmUp} records through the agent's own start-time warm-up ({@link
   * PipelineWarmUp}: throwaway journal, scratch engine) before the producer starts; 0 = cold start.
   */
  public static List<String[]> run(int rate, int seconds, int warmUp) throws Exception {
    Path dir = Files.createTempDirectory("ai-audit-latency");
    Map<String, Long> offeredAt = new ConcurrentHashMap<>();
    Map<Long, Long> seqOffered = new ConcurrentHashMap<>();
    List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    // Alerts of records offered in the second half of the run: on one core the JIT's warm-up (seconds
    // of C1/C2 compiling beside the pipeline) leaves a backlog at the start that the first half absorbs.
    List<Long> steady = java.util.Collections.synchronizedList(new ArrayList<>());
    // Per 5 s window of offer time: the latencies of the alerts whose record was offered in it.
    int windows = (seconds + WINDOW_S - 1) / WINDOW_S;
    List<List<Long>> series = new ArrayList<>();
    for (int w = 0; w < windows; w++) {
      series.add(java.util.Collections.synchronizedList(new ArrayList<>()));
    }
    // The first 10 s per second: where a start-up backlog shows.
    List<List<Long>> first = new ArrayList<>();
    for (int w = 0; w < 10; w++) {
      first.add(java.util.Collections.synchronizedList(new ArrayList<>()));
    }
    long[] startNs = {Long.MAX_VALUE};
    long[] halfNs = {(long) seconds * 500_000_000L};
    DetectionEngine engine = DetectionEngine.create(RuleLoader.builtin().ruleSet(), List.of(), EventClock.SYSTEM, null);
    String warmed = "cold start (no warm-up)";
    if (warmUp > 0) {
      var w = PipelineWarmUp.run(dir, JournalOptions.defaults(), 262_144, 4096, Duration.ofMillis(50), engine.rules(), List.of(),
          warmUp);
      warmed = String.format("warm-up: %,d records in %.2f s wall, %.2f s CPU", w.records(), w.wallNs() / 1e9, w.cpuNs() / 1e9);
    }
    System.out.println(warmed);
    BlockingQueue<List<RecordedEvent>> stage = new ArrayBlockingQueue<>(16);
    BatchingSink[] queue = new BatchingSink[1];
    try (Journal journal = Journal.open(dir.resolve("journal"), JournalOptions.defaults())) {
      JournalSink sink = new JournalSink(journal, batch -> {
        long now = System.nanoTime();
        for (RecordedEvent r : batch) {
          if (r.event() instanceof AlertEvent a) {
            Long t = seqOffered.get(a.cites().getFirst().seq());
            if (t != null && a.ruleId().equals("weights-read-by-copy-tool")) {
              latencies.add(now - t);
              series.get((int) Math.min(windows - 1, Math.max(0, (t - startNs[0]) / (WINDOW_S * 1_000_000_000L)))).add(now - t);
              long sec = (t - startNs[0]) / 1_000_000_000L;
              if (sec >= 0 && sec < 10) {
                first.get((int) sec).add(now - t);
              }
              if (t - startNs[0] >= halfNs[0]) {
                steady.add(now - t);
              }
            }
          } else if (r.event() instanceof FileEvent f && f.path().startsWith("/models/stolen/")) {
            Long t = offeredAt.get(f.path());
            if (t != null) {
              seqOffered.put(r.seq(), t);
            }
          }
        }
        try {
          stage.put(batch);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      queue[0] = BatchingSink.builder(sink).setQueueSize(262_144).setMaxBatch(4096).setLinger(Duration.ofMillis(50))
          .setHost("bench").build();
      Thread detect = Thread.ofPlatform().daemon(true).start(() -> {
        try {
          while (true) {
            List<RecordedEvent> b = stage.take();
            queue[0].offerAllPromptly(engine.process(b)); // as the agent hands alerts to its queue
          }
        } catch (InterruptedException e) {
          // stop
        }
      });
      ProcessInfo cp = new ProcessInfo(900, 1, 0, "root", "/usr/bin/cp", "cp", 1L, null, null, null);
      long total = (long) rate * seconds;
      long start = System.nanoTime();
      startNs[0] = start;
      long periodNs = 1_000_000_000L / rate;
      for (long i = 0; i < total; i++) {
        long due = start + i * periodNs;
        long wait = due - System.nanoTime();
        if (wait > 20_000) {
          LockSupport.parkNanos(wait);
        }
        long t = System.nanoTime();
        if (i % 1000 == 0) {
          String path = "/models/stolen/w-" + i + ".safetensors";
          offeredAt.put(path, t);
          queue[0].offer(FileEvent.of(t, "bench", FileActivity.READ, cp, path, AssetKind.MODEL_WEIGHTS, "fanotify"));
        } else {
          queue[0].offer(Events.sample(i, t));
        }
      }
      queue[0].flush(Duration.ofSeconds(30));
      Thread.sleep(500);
      queue[0].flush(Duration.ofSeconds(30));
      detect.interrupt();
      queue[0].close();
      sink.drain(); // ends the journal sink's forcing thread (the journal is closed with its try)
      long dropped = queue[0].stats().dropped();
      long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      long[] h = steady.stream().mapToLong(Long::longValue).sorted().toArray();
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"events/s offered", "alerts", "p50 ms", "p99 ms", "max ms", "2nd half: alerts", "p50 ms",
          "p99 ms", "max ms", "dropped"});
      rows.add(new String[] {Integer.toString(rate), Integer.toString(l.length), ms(pct(l, 50)), ms(pct(l, 99)),
          ms(l.length == 0 ? 0 : l[l.length - 1]), Integer.toString(h.length), ms(pct(h, 50)), ms(pct(h, 99)),
          ms(h.length == 0 ? 0 : h[h.length - 1]), Long.toString(dropped)});
      StringBuilder ts = new StringBuilder("p99 ms per " + WINDOW_S + " s window of offer time:");
      for (int w = 0; w < windows; w++) {
        long[] v = series.get(w).stream().mapToLong(Long::longValue).sorted().toArray();
        ts.append(' ').append(ms(pct(v, 99)));
      }
      System.out.println(ts);
      StringBuilder fs = new StringBuilder("max ms per 1 s of offer time, first 10 s:");
      for (List<Long> w : first) {
        fs.append(' ').append(ms(w.stream().mapToLong(Long::longValue).max().orElse(0)));
      }
      System.out.println(fs);
      return rows;
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static long pct(long[] v, int p) {
    return v.length == 0 ? 0 : v[Math.min(v.length - 1, (int) Math.ceil(p / 100.0 * v.length) - 1)];
  }

  private static String ms(long ns) {
    return String.format("%.1f", ns / 1e6);
  }

  static String describe(long[] v) {
    return Arrays.toString(v);
  }
}
