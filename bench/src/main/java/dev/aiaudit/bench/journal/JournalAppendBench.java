package dev.aiaudit.bench.journal;

import dev.aiaudit.journal.FsyncPolicy;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.journal.JournalVerifier;
import dev.aiaudit.journal.VerifyResult;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.testing.Events;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Sustained append throughput of the journal: batches of realistic events ({@code Events.sample}) appended
 * back to back from one thread, as the pipeline's journal worker does.
 *
 * <pre>
 * java -cp cli/target/ai-audit.jar:testing/target/classes:bench/target/classes \
 *     dev.aiaudit.bench.journal.JournalAppendBench [--seconds 20] [--warmup 5] [--batch 4096] \
 *     [--fsync GROUP|INTERVAL|NONE] [--dir DIR] [--encode-only]
 * </pre>
 *
 * <p>Prints events/s, MB/s and the per-batch append latency (p50, p99, max); the journal is verified
 * afterwards and deleted unless {@code --dir} was given.
 */
public final class JournalAppendBench {

  private JournalAppendBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = 20;
    int warmup = 5;
    int batchSize = 4096;
    FsyncPolicy fsync = FsyncPolicy.GROUP;
    Path dir = null;
    boolean encodeOnly = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--batch" -> batchSize = Integer.parseInt(args[++i]);
        case "--fsync" -> fsync = FsyncPolicy.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
        case "--dir" -> dir = Path.of(args[++i]);
        case "--encode-only" -> encodeOnly = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    // 64 distinct batches, cycled: realistic variety without generating events in the timed loop.
    List<List<Event>> batches = new ArrayList<>();
    long t0 = 1_767_225_600_000_000_000L;
    for (int b = 0; b < 64; b++) {
      List<Event> batch = new ArrayList<>(batchSize);
      for (int k = 0; k < batchSize; k++) {
        long i = (long) b * batchSize + k;
        batch.add(Events.sample(i, t0 + i * 1_000L));
      }
      batches.add(List.copyOf(batch));
    }
    long avgJson = EventCodec.encode(batches.get(0).get(0)).length;
    System.out.printf("journal append bench: batch %d events, fsync %s, ~%d JSON bytes/event, %d s warmup + %d s%n",
        batchSize, fsync, avgJson, warmup, seconds);
    if (encodeOnly) {
      runEncodeOnly(batches, warmup, seconds, batchSize);
      return;
    }
    boolean temp = dir == null;
    Path jdir = temp ? Files.createTempDirectory("journal-bench") : dir;
    try {
      JournalOptions opts = JournalOptions.defaults().withFsync(fsync);
      long bytesBefore;
      try (Journal j = Journal.open(jdir, opts)) {
        run(j, batches, warmup, null);
        bytesBefore = size(jdir);
        long[] lat = new long[1 << 20];
        int[] n = new int[1];
        long start = System.nanoTime();
        long cpu0 = processCpuNanos();
        long thread0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long events = run(j, batches, seconds, (ns) -> {
          if (n[0] < lat.length) {
            lat[n[0]++] = ns;
          }
        });
        double secs = (System.nanoTime() - start) / 1e9;
        double cpuSecs = (processCpuNanos() - cpu0) / 1e9;
        double threadSecs = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - thread0) / 1e9;
        long bytes = size(jdir) - bytesBefore;
        long[] l = Arrays.copyOf(lat, n[0]);
        Arrays.sort(l);
        System.out.printf("RESULT: %,.0f events/s, %.1f MB/s, %d batches, append latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
            events / secs, bytes / secs / 1e6, l.length, l[l.length / 2] / 1e6, l[(int) (l.length * 0.99)] / 1e6,
            l[l.length - 1] / 1e6);
        System.out.printf("CPU: %,.0f events per CPU-second of the appending thread, %,.0f per process CPU-second (wall %.1f s, thread CPU %.1f s, process CPU %.1f s)%n",
            events / threadSecs, events / cpuSecs, secs, threadSecs, cpuSecs);
      }
      long v0 = System.nanoTime();
      VerifyResult v = JournalVerifier.verify(jdir, null);
      double vs = (System.nanoTime() - v0) / 1e9;
      System.out.printf("verify: ok=%s, %,d records, %d segments, %d checkpoints in %.1f s (%,.0f records/s)%n",
          v.ok(), v.records(), v.segments(), v.checkpoints(), vs, v.records() / vs);
    } finally {
      if (temp) {
        deleteTree(jdir);
      }
    }
  }

  private interface Latency {
    void record(long ns);
  }

  private static long run(Journal j, List<List<Event>> batches, int seconds, Latency lat) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long events = 0;
    int b = 0;
    while (System.nanoTime() < end) {
      List<Event> batch = batches.get(b++ & 63);
      long s = System.nanoTime();
      j.append(batch);
      if (lat != null) {
        lat.record(System.nanoTime() - s);
      }
      events += batch.size();
    }
    return events;
  }

  private static void runEncodeOnly(List<List<Event>> batches, int warmup, int seconds, int batchSize) {
    for (int phase = 0; phase < 2; phase++) {
      long end = System.nanoTime() + (phase == 0 ? warmup : seconds) * 1_000_000_000L;
      long start = System.nanoTime();
      long events = 0;
      long sink = 0;
      int b = 0;
      while (System.nanoTime() < end) {
        for (Event e : batches.get(b++ & 63)) {
          sink += EventCodec.encode(e).length;
        }
        events += batchSize;
      }
      if (phase == 1) {
        System.out.printf("RESULT encode only: %,.0f events/s (%d)%n", events / ((System.nanoTime() - start) / 1e9), sink & 1);
      }
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      long total = 0;
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        total += Files.size(p);
      }
      return total;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> w = Files.walk(dir)) {
      for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
