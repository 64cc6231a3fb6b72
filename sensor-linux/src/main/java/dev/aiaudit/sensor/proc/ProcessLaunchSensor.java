package dev.aiaudit.sensor.proc;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.sensor.Sensor;
import dev.aiaudit.sensor.SensorConfig;
import dev.aiaudit.sensor.SensorStats;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Process launches as records: every exec the {@link ProcessMonitor} applies becomes a {@link
 * ProcessEvent} (OCSF Process Activity 1007, Launch) naming the process, its parent (pid, exe,
 * cmdline), user, working directory, container and pod, filtered by {@link LaunchScope} and folded
 * by {@link LaunchCoalescer} (never dropped: a folded launch is in a later record's count). Every
 * loss of process events (connector ENOBUFS, exec watcher overflow) becomes a {@code
 * PROCESS_EVENTS_LOST} sensor record, whatever the scope.
 */
public final class ProcessLaunchSensor implements Sensor, ProcessMonitor.Listener {
  /** {@code source} of launch records. */
  public static final String SOURCE = "proc-connector";
  public static final Duration DEFAULT_COALESCE_INTERVAL = Duration.ofSeconds(1);
  private static final int MAX_WINDOWS = 16_384;

  private final SensorConfig config;
  private final Consumer<? super Event> out;
  private final LaunchScope scope;
  private final LaunchCoalescer coalescer;
  private final Object lock = new Object();
  private final Consumer<ProcessEvent> emit = this::emit;
  private final AtomicLong launches = new AtomicLong();
  private final AtomicLong emitted = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong outOfScope = new AtomicLong();
  private final ProcessMonitor fixedMonitor;
  private volatile ProcessMonitor monitor;
  private volatile String description;
  private boolean closed;

  private ProcessLaunchSensor(SensorConfig config, Consumer<? super Event> out, LaunchScope scope, Duration coalesce,
      ProcessMonitor monitor) {
    this.config = Objects.requireNonNull(config, "config");
    this.out = Objects.requireNonNull(out, "out");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.coalescer = new LaunchCoalescer(coalesce == null ? DEFAULT_COALESCE_INTERVAL : coalesce, MAX_WINDOWS);
    this.fixedMonitor = monitor;
    this.description = "process launches (not started; scope " + scope.id() + ")";
  }

  /** Launches from the JVM's {@link ProcessMonitor#shared()} monitor. */
  public static ProcessLaunchSensor create(SensorConfig config, Consumer<? super Event> out, LaunchScope scope,
      Duration coalesce) {
    return new ProcessLaunchSensor(config, out, scope, coalesce, null);
  }

  /** Launches from a given monitor (tests, benchmarks). */
  public static ProcessLaunchSensor create(SensorConfig config, Consumer<? super Event> out, LaunchScope scope,
      Duration coalesce, ProcessMonitor monitor) {
    return new ProcessLaunchSensor(config, out, scope, coalesce, Objects.requireNonNull(monitor, "monitor"));
  }

  /**
   * Subscribes to the monitor. When the kernel refuses the process events connector, emits one
   * {@code SENSOR_DEGRADED} record naming the reason instead of failing (file records then carry
   * attribution from /proc only).
   */
  @Override
  public void start() {
    ProcessMonitor m = fixedMonitor != null ? fixedMonitor : ProcessMonitor.shared();
    if (m == null) {
      description = "process launches unavailable: " + ProcessMonitor.sharedFailure();
      emitSensor(SensorEvent.Kind.SENSOR_DEGRADED, 0, "process table and launch records unavailable ("
          + ProcessMonitor.sharedFailure() + "): file records are attributed from /proc at read time only");
      return;
    }
    monitor = m;
    description = "process launches (scope " + scope.id() + "; " + m.description() + ")";
    m.addListener(this);
  }

  @Override
  public void launched(ProcessTable.Entry process, ProcessTable.Entry parent) {
    launches.incrementAndGet();
    ProcessMonitor m = monitor;
    if (m == null || scope == LaunchScope.NONE) {
      outOfScope.incrementAndGet();
      return;
    }
    ProcessInfo p = m.table().info(process);
    if (scope == LaunchScope.CONTAINERS && p.containerId() == null && p.podUid() == null) {
      outOfScope.incrementAndGet();
      return;
    }
    long now = config.clock().nowNs();
    ProcessEvent e = new ProcessEvent(now, now, config.host(), p, parent == null ? null : parent.exe(),
        parent == null ? null : parent.cmdline(), process.cwd(), 1, SOURCE);
    synchronized (lock) {
      if (!closed) {
        coalescer.add(e, emit);
      }
    }
  }

  @Override
  public void lost(long count, String message) {
    lost.addAndGet(count);
    emitSensor(SensorEvent.Kind.PROCESS_EVENTS_LOST, count, message);
  }

  @Override
  public void tick() {
    synchronized (lock) {
      coalescer.flushDue(config.clock().nowNs(), emit);
    }
  }

  private void emit(ProcessEvent e) {
    emitted.incrementAndGet();
    out.accept(e);
  }

  private void emitSensor(SensorEvent.Kind kind, long count, String message) {
    emitted.incrementAndGet();
    out.accept(new SensorEvent(config.clock().nowNs(), config.host(), kind, count, message));
  }

  @Override
  public String description() {
    return description;
  }

  /**
   * eventsRead: execs seen; eventsEmitted: records; overflows: process-event losses; readsCoalesced:
   * launches folded into a later record; outsideRoots: execs out of the launch scope.
   */
  @Override
  public SensorStats stats() {
    long folded;
    synchronized (lock) {
      folded = coalescer.coalesced();
    }
    return new SensorStats(launches.get(), emitted.get(), lost.get(), folded, 0, 0, outOfScope.get(), 0, 0);
  }

  @Override
  public void close() {
    ProcessMonitor m = monitor;
    if (m != null) {
      m.removeListener(this);
    }
    synchronized (lock) {
      if (!closed) {
        closed = true;
        coalescer.flushAll(emit);
      }
    }
  }
}
