package dev.aiaudit.sensor.poll;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.sensor.Sensor;
import dev.aiaudit.sensor.SensorConfig;
import dev.aiaudit.sensor.SensorException;
import dev.aiaudit.sensor.SensorStats;
import dev.aiaudit.sensor.fanotify.RootFilter;
import dev.aiaudit.sensor.proc.ProcessResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls {@code /proc/[pid]/fd/*} every {@link SensorConfig#pollInterval()} and emits one {@link
 * FileActivity#OPEN} per (pid, process start time, path) that it newly sees open under a root (or on
 * a watched device node). A file closed and opened again between two scans is seen once; a file
 * open for less than the interval may not be seen at all; reads, execs and writes are not reported.
 * Works without privileges, but then only sees processes of the same user. One scan thread.
 */
public final class ProcFdPoller implements Sensor {
  private static final Logger LOG = LoggerFactory.getLogger(ProcFdPoller.class);
  static final String SOURCE = "proc-poll";

  private final SensorConfig config;
  private final Consumer<? super Event> out;
  private final String degradedReason;
  private final Path proc;
  private final int selfPid = (int) ProcessHandle.current().pid();
  private final Object lifecycle = new Object();
  private final AtomicLong emitted = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private volatile boolean running;
  private volatile String description;
  private RootFilter filter;
  private ProcessResolver resolver;
  private Thread thread;
  private FdScanner scanner;
  private boolean started;

  private ProcFdPoller(SensorConfig config, Consumer<? super Event> out, String degradedReason, Path proc) {
    this.config = Objects.requireNonNull(config, "config");
    this.out = Objects.requireNonNull(out, "out");
    this.degradedReason = degradedReason;
    this.proc = proc;
    this.description = "proc-poll every " + human(config.pollInterval()) + (degradedReason == null ? "" : " (degraded)");
  }

  /**
   * A poller over the real /proc.
   *
   * @param degradedReason why the agent runs this instead of fanotify (reported once as
   *     SENSOR_DEGRADED at start), or {@code null} when chosen on purpose
   */
  public static ProcFdPoller create(SensorConfig config, Consumer<? super Event> out, String degradedReason) {
    return new ProcFdPoller(config, out, degradedReason, Path.of("/proc"));
  }

  private static String human(java.time.Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  @Override
  public void start() throws SensorException {
    synchronized (lifecycle) {
      if (started) {
        throw new IllegalStateException("sensor already started");
      }
      started = true;
      List<String> roots = RootFilter.canonicalRoots(config.roots());
      List<Path> nodes = RootFilter.canonicalNodes(config.deviceNodes());
      filter = RootFilter.of(roots.stream().map(Path::of).toList(), nodes);
      resolver = ProcessResolver.system(false); // alive processes only: /proc is enough
      scanner = new FdScanner(proc, filter, resolver, selfPid, false);
      description = description + " on " + String.join(", ", roots);
      running = true;
      if (degradedReason != null) {
        emit(new SensorEvent(config.clock().nowNs(), config.host(), SensorEvent.Kind.SENSOR_DEGRADED, 0,
            degradedReason + ": running the /proc fd poller (misses opens shorter than "
                + human(config.pollInterval()) + ", no read counts)"));
      }
      emit(new SensorEvent(config.clock().nowNs(), config.host(), SensorEvent.Kind.SENSOR_STARTED, 0, description));
      thread = Thread.ofPlatform().name("ai-audit-proc-poller").daemon(true).unstarted(this::loop);
      thread.start();
    }
  }

  private void loop() {
    long periodNs = config.pollInterval().toNanos();
    while (running) {
      long t0 = System.nanoTime();
      try {
        scan();
      } catch (RuntimeException e) {
        LOG.warn("/proc scan failed", e);
      }
      long sleepNs = periodNs - (System.nanoTime() - t0);
      if (sleepNs > 0) {
        try {
          Thread.sleep(sleepNs / 1_000_000, (int) (sleepNs % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** One pass over /proc; visible for testing. */
  void scan() {
    long missesBefore = resolver.misses();
    try {
      scanner.scan((p, path) -> emit(FileEvent.of(config.clock().nowNs(), config.host(), FileActivity.OPEN, p, path,
          config.classifier().classify(path), SOURCE)));
    } catch (IOException e) {
      LOG.warn("cannot list /proc", e);
    }
    misses.addAndGet(resolver.misses() - missesBefore);
  }

  private void emit(Event e) {
    emitted.incrementAndGet();
    out.accept(e);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public SensorStats stats() {
    return new SensorStats(scanner == null ? 0 : scanner.fdsSeen(), emitted.get(), 0, 0, misses.get(), 0, 0, 0, 0);
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (!running) {
        return;
      }
      running = false;
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      emit(new SensorEvent(config.clock().nowNs(), config.host(), SensorEvent.Kind.SENSOR_STOPPED, 0,
          "proc poller stopped: " + stats()));
    }
  }
}
