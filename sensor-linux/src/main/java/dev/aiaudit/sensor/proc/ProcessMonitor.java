package dev.aiaudit.sensor.proc;

import dev.aiaudit.sensor.SensorException;
import dev.aiaudit.sensor.fanotify.internal.FanotifyConstants;
import dev.aiaudit.sensor.fanotify.internal.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link ProcessTable} current: one thread polls the process events connector ({@link
 * ProcConnector}), the exec watcher ({@link ExecWatcher}) and {@code /proc/self/mountinfo} (POLLPRI
 * on every mount change, so file systems mounted later are marked for exec opens too), and applies
 * what it reads. Exec opens are applied before connector messages, and the exec watcher is drained
 * once more for each exec message, since the kernel queues an exec's opens before it sends the
 * message: each exec then takes exactly its own opens.
 *
 * <p>{@link #sync()} lets a reader catch up before a lookup: a file event is read after the exec
 * and fork of its process were sent, so draining both sockets first makes the table current for it.
 * Listeners hear of every launch (exec), every loss (ENOBUFS, exec queue overflow) and a tick at
 * least every {@link #POLL_TIMEOUT_MS} ms; they are called with the monitor's lock held and must not block.
 *
 * <p>One monitor per JVM is enough ({@link #shared()}): it is started on first use and lives as long
 * as the JVM (a daemon thread; two sockets and a fanotify group).
 */
public final class ProcessMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessMonitor.class);
  static final int POLL_TIMEOUT_MS = 100;
  private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;
  private static final short POLLIN = 0x1;
  private static final short POLLPRI = 0x2;
  private static final short POLLERR = 0x8;

  /** Receives launches, losses and ticks. */
  public interface Listener {
    /** A process exec'd: its new entry and its parent's (or {@code null} when unknown). */
    void launched(ProcessTable.Entry process, ProcessTable.Entry parent);

    /** Process events were lost ({@code count} overruns); the message says which source. */
    default void lost(long count, String message) {}

    /** Called at least every {@link #POLL_TIMEOUT_MS} ms from the monitor thread. */
    default void tick() {}
  }

  private static final Object SHARED_LOCK = new Object();
  private static ProcessMonitor shared;
  private static String sharedFailure;

  private final ProcessTable table;
  private final ProcConnector connector;
  private final ExecWatcher exec; // null when fanotify is unavailable: /proc/PID/exe only
  private final int mountFd;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Arena arena = Arena.ofShared();
  private final MemorySegment cs = LibC.newCallState(arena);
  private final MemorySegment pollSync = arena.allocate(LibC.POLLFD.byteSize() * 2, 8);
  private final String description;
  private volatile boolean running = true;
  private Thread thread;
  private long connectorLost;
  private long execLost;
  private long lastSweepNanos = System.nanoTime();

  private ProcessMonitor(ProcessTable table, ProcConnector connector, ExecWatcher exec, int mountFd) {
    this.table = table;
    this.connector = connector;
    this.exec = exec;
    this.mountFd = mountFd;
    this.description = "process table (kernel process events connector"
        + (exec == null ? "; exec watcher unavailable: exe from /proc only" : "; FAN_OPEN_EXEC on " + exec.markedFileSystems()
            + " file systems") + ")";
    pollSync.set(ValueLayout.JAVA_INT, 0, connector.fd());
    pollSync.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
    pollSync.set(ValueLayout.JAVA_INT, 8, exec == null ? -1 : exec.fd());
    pollSync.set(ValueLayout.JAVA_SHORT, 12, POLLIN);
  }

  /**
   * The JVM's monitor, started on the first call; {@code null} (after one log line naming the
   * reason) when the kernel refuses the connector, e.g. without CAP_NET_ADMIN.
   */
  public static ProcessMonitor shared() {
    synchronized (SHARED_LOCK) {
      if (shared == null && sharedFailure == null) {
        try {
          shared = start(ProcessTable.DEFAULT_GRACE_NANOS, ProcessTable.DEFAULT_MAX_ENTRIES);
          LOG.info("started: {}", shared.description());
        } catch (SensorException | RuntimeException e) {
          sharedFailure = e.getMessage();
          LOG.warn("process table unavailable ({}): records are attributed from /proc at read time only", e.getMessage());
        }
      }
      return shared;
    }
  }

  /** Why {@link #shared()} returned {@code null}, or {@code null}. */
  public static String sharedFailure() {
    synchronized (SHARED_LOCK) {
      return sharedFailure;
    }
  }

  /** A monitor of its own (tests, benchmarks); {@link #close()} stops it. */
  public static ProcessMonitor start(long graceNanos, int maxEntries) throws SensorException {
    return start(graceNanos, maxEntries, ProcConnector.RCVBUF);
  }

  /** {@link #start(long, int)} with the connector's receive buffer set to {@code rcvbuf} bytes. */
  static ProcessMonitor start(long graceNanos, int maxEntries, int rcvbuf) throws SensorException {
    Path proc = Path.of("/proc");
    ProcessTable table = new ProcessTable(proc, UserNames.system(), ProcessResolver.readBootTimeNs(proc.resolve("stat")),
        LibC.clockTicksPerSecond(), graceNanos, maxEntries);
    ProcConnector conn = ProcConnector.open(rcvbuf);
    ExecWatcher exec = null;
    try {
      exec = ExecWatcher.open();
    } catch (SensorException | RuntimeException e) {
      LOG.warn("exec watcher unavailable ({}): the exe of a process that exits at once may stay unknown", e.getMessage());
    }
    int mfd;
    try (Arena a = Arena.ofConfined()) {
      mfd = LibC.open(LibC.newCallState(a), a.allocateFrom("/proc/self/mountinfo"),
          FanotifyConstants.O_RDONLY | FanotifyConstants.O_CLOEXEC);
    }
    ProcessMonitor m = new ProcessMonitor(table, conn, exec, mfd);
    m.thread = Thread.ofPlatform().name("ai-audit-proc-events").daemon(true).start(m::loop);
    return m;
  }

  public ProcessTable table() {
    return table;
  }

  public String description() {
    return description;
  }

  /**
   * Runs {@code body} while the monitor opens no file descriptor: the exec watcher's event fds exist
   * only while it drains, under the lock held here. For fd accounting in tests.
   */
  public <T> T whileQuiet(java.util.concurrent.Callable<T> body) throws Exception {
    lock.lock();
    try {
      return body.call();
    } finally {
      lock.unlock();
    }
  }

  public void addListener(Listener l) {
    listeners.add(l);
  }

  public void removeListener(Listener l) {
    listeners.remove(l);
  }

  /** Connector overruns (ENOBUFS) since start. */
  public long connectorOverruns() {
    return connector.overruns();
  }

  /** Exec watcher queue overflows since start. */
  public long execOverflows() {
    return exec == null ? 0 : exec.overflows();
  }

  /**
   * Applies every process event queued now, from the calling thread; cheap when nothing is queued
   * (one poll(2) with a zero timeout).
   */
  public void sync() {
    if (!running) {
      return;
    }
    lock.lock(); // when the monitor thread is draining, this waits for it
    try {
      if (!running) {
        return;
      }
      int ready = LibC.poll(cs, pollSync, exec == null ? 1 : 2, 0);
      if (ready > 0) {
        drainLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Catches up ({@link #sync()}), then completes {@code pid}'s entry from /proc while it lives: adds a
   * process the table never saw (started before the monitor), or fills a cmdline the exec message
   * was read too late for. Called with the pid of each file event as it is read; skipped, not
   * waited for, while the monitor thread holds the lock.
   */
  public void prime(int pid) {
    if (!running || !lock.tryLock()) {
      return; // the monitor thread is draining: never hold up the fanotify reader (resolve() syncs later)
    }
    try {
      completeLocked(pid);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Strict attribution: reads {@code pid}'s /proc entries now, while the process is held in a permission
   * event: catches up (waiting for the monitor thread if it is draining), then adds the process or fills
   * its cmdline and cwd. Unlike {@link #prime} it waits for the lock.
   */
  public void hold(int pid) {
    if (!running) {
      return;
    }
    lock.lock();
    try {
      completeLocked(pid);
    } finally {
      lock.unlock();
    }
  }

  private void completeLocked(int pid) {
    if (!running) {
      return;
    }
    if (LibC.poll(cs, pollSync, exec == null ? 1 : 2, 0) > 0) {
      drainLocked();
    }
    if (table.get(pid) == null) {
      table.getOrRead(pid);
    } else {
      table.fillFromProc(pid);
    }
  }

  private void loop() {
    dev.aiaudit.sensor.ReaderPriority.apply("process events");
    MemorySegment pfd;
    try (Arena a = Arena.ofConfined()) {
      pfd = a.allocate(LibC.POLLFD.byteSize() * 3, 8);
      MemorySegment tcs = LibC.newCallState(a);
      pfd.set(ValueLayout.JAVA_INT, 0, connector.fd());
      pfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
      pfd.set(ValueLayout.JAVA_INT, 8, exec == null ? -1 : exec.fd());
      pfd.set(ValueLayout.JAVA_SHORT, 12, POLLIN);
      pfd.set(ValueLayout.JAVA_INT, 16, exec == null ? -1 : mountFd);
      pfd.set(ValueLayout.JAVA_SHORT, 20, POLLPRI);
      while (running) {
        int ready = LibC.poll(tcs, pfd, 3, POLL_TIMEOUT_MS);
        lock.lock();
        try {
          if (!running) {
            break;
          }
          if (ready > 0) {
            drainLocked();
            short mountEvents = pfd.get(ValueLayout.JAVA_SHORT, 22);
            if (exec != null && (mountEvents & (POLLPRI | POLLERR)) != 0) {
              int added = exec.rescanMounts();
              if (added > 0) {
                LOG.info("exec watcher: marked {} new file system(s)", added);
              }
            }
          }
          long now = System.nanoTime();
          if (now - lastSweepNanos >= SWEEP_INTERVAL_NANOS) {
            lastSweepNanos = now;
            table.sweep(now);
          }
          for (Listener l : listeners) {
            l.tick();
          }
        } catch (RuntimeException e) {
          LOG.warn("process event handling failed", e);
        } finally {
          lock.unlock();
        }
      }
    }
  }

  private void drainLocked() {
    if (exec != null) {
      reportExecLoss(exec.drain(table::onExecOpen));
    }
    int lost = connector.drain(this::apply);
    if (lost > 0) {
      connectorLost += lost;
      for (Listener l : listeners) {
        l.lost(lost, "process events connector overran (ENOBUFS x" + lost + ", " + connectorLost
            + " so far): fork/exec/exit events were lost; records of the processes involved may lack attribution");
      }
    }
  }

  private void reportExecLoss(int lost) {
    if (lost > 0) {
      execLost += lost;
      for (Listener l : listeners) {
        l.lost(lost, "exec watcher fanotify queue overflowed (x" + lost + ", " + execLost
            + " so far): exec opens were lost; the exe of processes that exited at once may be unknown");
      }
    }
  }

  private void apply(ProcEvent e) {
    switch (e.kind()) {
      case FORK -> table.onFork(e);
      case EXEC -> {
        if (exec != null) {
          // every open of this exec was queued before the kernel sent this message: read them all now, so
          // that the exec takes exactly its own opens (a drain just before may have caught only the first)
          reportExecLoss(exec.drain(table::onExecOpen));
        }
        ProcessTable.Entry n = table.onExec(e);
        if (n != null && !listeners.isEmpty()) {
          ProcessTable.Entry parent = n.ppid() > 0 ? table.getOrRead(n.ppid()) : null;
          for (Listener l : listeners) {
            l.launched(n, parent);
          }
        }
      }
      case EXIT -> table.onExit(e, System.nanoTime());
      case UID -> table.onUid(e);
      default -> { }
    }
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lock.lock();
    try {
      connector.close();
      if (exec != null) {
        exec.close();
      }
      if (mountFd >= 0) {
        LibC.close(cs, mountFd);
      }
      arena.close();
    } finally {
      lock.unlock();
    }
  }
}
