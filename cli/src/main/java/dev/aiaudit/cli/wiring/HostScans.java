package dev.aiaudit.cli.wiring;

import dev.aiaudit.cli.config.ScanConfig;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.scan.ScanOptions;
import dev.aiaudit.scan.ScanReport;
import dev.aiaudit.scan.Scanner;
import dev.aiaudit.scan.VerdictChanges;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's host scans: at start and then every {@link ScanConfig#every()}, the configured profiles run against
 * this host and every verdict that changed since the last recorded one enters the agent's queue as a compliance
 * finding, so host compliance history sits in the same signed chain as the accesses. The last verdicts are seeded
 * from the index at start, so a restart does not journal an unchanged host again. A finding the queue refuses
 * (full) is forgotten as recorded, so the next scan offers it again; the queue counts and journals the drop.
 */
final class HostScans implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HostScans.class);

  private final ScanConfig config;
  private final String host;
  private final Map<String, String> lastStates;
  private final Predicate<Event> queue;
  private final EventClock clock;
  private final PrintStream out;
  private final ScheduledExecutorService timer;
  private final AtomicLong scans = new AtomicLong();
  private final AtomicLong journaled = new AtomicLong();
  private volatile String lastProblem;

  private HostScans(ScanConfig config, String host, Map<String, String> lastStates, Predicate<Event> queue,
      EventClock clock, PrintStream out) {
    this.config = config;
    this.host = host;
    this.lastStates = lastStates;
    this.queue = queue;
    this.clock = clock;
    this.out = out;
    this.timer = Executors.newSingleThreadScheduledExecutor(
        r -> Thread.ofPlatform().name("ai-audit-scan").daemon(true).unstarted(r));
  }

  /**
   * Starts the schedule (the first scan runs at once, on the scan thread).
   *
   * @param lastStates last recorded verdict per subject ({@link ScanEvidence#lastStates}); kept and updated
   */
  static HostScans start(ScanConfig config, String host, Map<String, String> lastStates, Predicate<Event> queue,
      EventClock clock, PrintStream out) {
    Scanner.preload();
    HostScans s = new HostScans(config, host, lastStates, queue, clock, out);
    s.timer.scheduleWithFixedDelay(s::scanOnce, 0, config.every().toMillis(), TimeUnit.MILLISECONDS);
    return s;
  }

  /** One scan of every profile; a failure is logged once per distinct message and never stops the schedule. */
  void scanOnce() {
    try {
      Clock scanClock = Clock.fixed(Instant.ofEpochSecond(0, clock.nowNs()), ZoneOffset.UTC);
      List<ScanReport> reports = new ArrayList<>();
      for (String profile : config.profiles()) {
        reports.add(Scanner.builtin().scan(ScanOptions.builder(profile).clock(scanClock).build()));
      }
      List<FindingEvent> changed = VerdictChanges.findings(reports, lastStates, "", host);
      int offered = offer(changed, lastStates, queue);
      scans.incrementAndGet();
      journaled.addAndGet(offered);
      // one line per scan, also when nothing changed: the log shows that the schedule runs
      out.println("ai-audit: host scan (" + String.join(", ", config.profiles()) + "): " + offered
          + " changed verdict(s) journaled" + (offered < changed.size() ? ", " + (changed.size() - offered)
          + " refused by the full queue (retried next scan)" : ""));
      lastProblem = null;
    } catch (RuntimeException e) {
      String problem = String.valueOf(e.getMessage());
      if (!problem.equals(lastProblem)) {
        LOG.warn("host scan failed", e);
        out.println("ai-audit: host scan failed: " + problem);
      }
      lastProblem = problem;
    }
  }

  /**
   * Offers each changed verdict to {@code queue}; a refused one (full queue) gets its state on record back in
   * {@code lastStates}, so the next scan offers it again.
   *
   * @return how many the queue took
   */
  static int offer(List<FindingEvent> changed, Map<String, String> lastStates, Predicate<Event> queue) {
    int offered = 0;
    for (FindingEvent f : changed) {
      if (queue.test(f)) {
        offered++;
      } else if (f.previousState().equals(VerdictChanges.ABSENT)) {
        lastStates.remove(f.subject());
      } else {
        lastStates.put(f.subject(), f.previousState());
      }
    }
    return offered;
  }

  /** Scans completed so far. */
  long scans() {
    return scans.get();
  }

  /** Findings handed to the queue so far. */
  long journaled() {
    return journaled.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
