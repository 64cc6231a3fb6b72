package dev.aiaudit.bench.evidence;

import dev.aiaudit.cli.evidence.EvidencePack;
import dev.aiaudit.cli.evidence.PackVerifier;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.journal.sign.JournalKeys;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.testing.Events;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code java -Xmx128m -jar bench/target/benchmarks.jar evidence [RECORDS]}: builds evidence packs over a journal of
 * RECORDS file records (an alert citing a record every 1,000) and verifies them. Prints the CPU time of the building
 * thread (survives a loaded machine), wall time, pack size and the peak heap in use; run under a small {@code -Xmx} to
 * show that memory does not grow with the range (records are streamed into the zip).
 */
public final class EvidenceBench {
  private static final long T0 = 1_767_225_600_000_000_000L;

  private EvidenceBench() {}

  public static List<String[]> run(int records) throws Exception {
    Path dir = Files.createTempDirectory("evidence-bench");
    Path journal = dir.resolve("journal");
    try {
      try (Journal j = Journal.open(journal, JournalOptions.defaults())) {
        List<Event> batch = new ArrayList<>();
        RecordedEvent last = null;
        for (int i = 0; i < records; i++) {
          batch.add(Events.sample(i, T0 + i * 1_000_000L));
          if (batch.size() == 999) {
            List<RecordedEvent> r = j.append(batch);
            last = r.getLast();
            batch.clear();
            j.append(List.of(new AlertEvent(T0 + i * 1_000_000L, "node-1", "bench", "t", "d", AlertSeverity.LOW, List.of(),
                List.of(AlertEvent.Citation.of(last)), "", 0, "m", "rules", null)));
          }
        }
        if (!batch.isEmpty()) {
          j.append(batch);
        }
      }
      List<String[]> rows = new ArrayList<>();
      Instant since = Instant.ofEpochSecond(0, T0);
      Instant until = since.plusMillis(records);
      for (boolean all : new boolean[] {false, true}) {
        Path pack = dir.resolve(all ? "all.zip" : "cited.zip");
        resetPeaks();
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        long cpu0 = t.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        EvidencePack.Summary s;
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(pack), 1 << 16)) {
          s = EvidencePack.write(journal, EvidencePack.signingKey(journal),
              new EvidencePack.Options(since, until, all, List.of(), "node-1", "bench"), o);
        }
        long cpu = t.getCurrentThreadCpuTime() - cpu0;
        long wall = System.nanoTime() - w0;
        long peak = peakHeap();
        rows.add(new String[] {"build (" + (all ? "all records" : "cited records") + ")", Long.toString(s.records()),
            secs(cpu), secs(wall), mib(Files.size(pack)), mib(peak)});
        resetPeaks();
        cpu0 = t.getCurrentThreadCpuTime();
        w0 = System.nanoTime();
        PackVerifier.Result v = PackVerifier.verify(pack,
            JournalKeys.readPublicKey(JournalKeys.publicKeyFile(JournalKeys.defaultKeyFile(journal))), "journal key");
        if (!v.ok()) {
          throw new IllegalStateException("pack did not verify: " + v.problem());
        }
        rows.add(new String[] {"verify --pack (" + (all ? "all records" : "cited records") + ")", Long.toString(s.records()),
            secs(t.getCurrentThreadCpuTime() - cpu0), secs(System.nanoTime() - w0), mib(Files.size(pack)), mib(peakHeap())});
      }
      return rows;
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  private static String secs(long ns) {
    return String.format("%.2f", ns / 1e9);
  }

  private static String mib(long b) {
    return String.format("%.1f MiB", b / 1048576.0);
  }
}
