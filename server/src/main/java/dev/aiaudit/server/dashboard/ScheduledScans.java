package dev.aiaudit.server.dashboard;

import dev.aiaudit.scan.ScanOptions;
import dev.aiaudit.scan.ScanReport;
import dev.aiaudit.scan.Scanner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans the live host with the given profiles at start, every {@code interval}, and on demand, and hands each
 * finished run to {@code onRun} (the wiring journals its changed verdicts). No run is kept here: the history is the
 * journal's. One run at a time, on its own thread.
 */
public final class ScheduledScans implements ScanService, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledScans.class);

  private final Scanner scanner;
  private final List<String> profiles;
  private final Consumer<ScanRun> onRun;
  private volatile Status status = new Status(true, false, null, null, null);
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong ids = new AtomicLong();
  private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().name("ai-audit-scans").daemon(true).unstarted(r));

  private ScheduledScans(Scanner scanner, List<String> profiles, Consumer<ScanRun> onRun) {
    this.scanner = scanner;
    this.profiles = List.copyOf(profiles);
    this.onRun = onRun;
  }

  /** Starts the schedule: the first run now, then every {@code interval} ({@link Duration#ZERO}: on demand only). */
  public static ScheduledScans start(Scanner scanner, List<String> profiles, Duration interval, Consumer<ScanRun> onRun) {
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("at least one scan profile is needed");
    }
    ScheduledScans s = new ScheduledScans(scanner, profiles, onRun);
    s.trigger0("start");
    if (!interval.isZero()) {
      long ms = interval.toMillis();
      s.exec.scheduleAtFixedRate(() -> s.runNow("schedule"), ms, ms, TimeUnit.MILLISECONDS);
    }
    return s;
  }

  @Override
  public Status status() {
    Status s = status;
    return new Status(true, running.get(), s.lastFinished(), s.lastTrigger(), s.lastError());
  }

  @Override
  public List<dev.aiaudit.scan.CheckResult> checks(String profile) {
    try {
      return scanner.checks(profile);
    } catch (dev.aiaudit.scan.ScanException e) {
      return List.of();
    }
  }

  @Override
  public boolean trigger(String who) {
    return trigger0("manual:" + who);
  }

  private boolean trigger0(String trigger) {
    if (running.get()) {
      return false;
    }
    exec.execute(() -> runNow(trigger));
    return true;
  }

  private void runNow(String trigger) {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      Instant started = Instant.now();
      List<ScanReport> reports = new ArrayList<>();
      String error = null;
      try {
        for (String p : profiles) {
          reports.add(scanner.scan(ScanOptions.builder(p).build()));
        }
      } catch (Exception e) {
        error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        LOG.warn("scan failed: {}", error);
      }
      ScanRun run = new ScanRun(ids.incrementAndGet(), started, trigger, reports, error);
      try {
        onRun.accept(run);
      } finally {
        status = new Status(true, false, Instant.now(), trigger, error);
      }
    } finally {
      running.set(false);
    }
  }

  @Override
  public void close() {
    exec.shutdownNow();
  }
}
