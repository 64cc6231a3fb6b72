package dev.aiaudit.sensor.fanotify;

import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.EAGAIN;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.EINTR;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FANOTIFY_METADATA_VERSION;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_Q_OVERFLOW;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.POLLIN;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.errnoName;

import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.sensor.SensorException;
import dev.aiaudit.sensor.fanotify.internal.LibC;
import dev.aiaudit.sensor.proc.ProcessResolver;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.BlockingQueue;

/**
 * The reader thread: poll(2) over the FID group, the fd group and {@code /proc/self/mountinfo} (100
 * ms timeout, so close() is noticed); on a mount table change the {@link MountWatcher} runs first;
 * on events, a {@link #BATCH_DELAY_MS} pause to let events accumulate (unless the previous read found
 * a backlog), then read(2) of each ready group into one 64 KiB native buffer, walked with the {@link
 * FanotifyEventMetadata} flyweight. FID events are resolved by the {@link FidResolver}; fd events by
 * readlink of {@code /proc/self/fd/N} plus the fd's {@code mnt_id}: a mount of another namespace (a
 * container) is looked up in that process's mount table to find the host path. Events of the agent's
 * own pid are dropped; events in scope go, as {@link RawEvent}s, into the bounded queue to the
 * enrichment thread (full: dropped, counted, reported as EVENTS_DROPPED).
 */
final class EventReader implements Runnable {
  static final int READ_BUFFER_SIZE = 64 * 1024;
  private static final int POLL_TIMEOUT_MS = 100;
  private static final short POLLPRI = 0x2;
  private static final short POLLERR = 0x8;
  /**
   * After a wake-up that did not fill the buffer, wait this long before the next read: events pile
   * up (and the kernel merges repeated reads of one file by one process) instead of waking the
   * reader once per event. At most 500 wake-ups/s; 16384 queued events allow 8 M events/s.
   */
  static final long BATCH_DELAY_MS = 2;
  private static final long DROP_REPORT_INTERVAL_NS = 1_000_000_000L;

  private final FanotifySensor sensor;
  private final EventClock clock;
  private final SensorCounters counters;
  private final BlockingQueue<RawEvent> queue;
  private final ProcessResolver resolver;
  private final int selfPid;
  private final FsMarks marks;
  private final MountWatcher watcher;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment cs = LibC.newCallState(arena);
  private final MemorySegment buf = arena.allocate(READ_BUFFER_SIZE, 8);
  private final MemorySegment pfds = arena.allocate(LibC.POLLFD.byteSize() * 3, 8);
  private final FanotifyEventMetadata meta = new FanotifyEventMetadata();
  private final FdLink link = new FdLink(arena, cs);
  private final IgnoreMarks ignores;
  private final FidResolver fid;
  private final NsMounts ns = NsMounts.system();
  private final StrictGate gate;
  private volatile boolean reading = true;
  private volatile boolean paused;
  private long dropsReported;
  private long unresolvedReported;
  private long lastDropReportNanos;

  EventReader(FanotifySensor sensor, EventClock clock, SensorCounters counters, BlockingQueue<RawEvent> queue,
      ProcessResolver resolver, FsMarks marks, MountWatcher watcher, java.util.Set<String> deviceParents,
      StrictGate gate) {
    this.sensor = sensor;
    this.clock = clock;
    this.counters = counters;
    this.queue = queue;
    this.resolver = resolver;
    this.selfPid = (int) ProcessHandle.current().pid();
    this.marks = marks;
    this.watcher = watcher;
    this.ignores = new IgnoreMarks(counters, cs);
    this.gate = gate;
    this.fid = new FidResolver(arena, cs, marks, ignores, link, counters, deviceParents, watcher.scope(),
        gate == null ? null : gate::markDir);
  }

  void stop() {
    reading = false;
  }

  void pause(boolean pause) {
    paused = pause;
  }

  @Override
  public void run() {
    dev.aiaudit.sensor.ReaderPriority.apply("fanotify reader");
    boolean loggedReadError = false;
    boolean backlog = false;
    while (reading) {
      if (paused) {
        sleepQuietly(5);
        continue;
      }
      setPollFd(0, marks.fidFd(), POLLIN);
      setPollFd(1, marks.fdFd(), POLLIN);
      setPollFd(2, watcher.fd(), POLLPRI);
      int ready = LibC.poll(cs, pfds, 3, POLL_TIMEOUT_MS);
      if (ready <= 0) {
        continue; // timeout or EINTR
      }
      if ((revents(2) & (POLLPRI | POLLERR)) != 0) {
        mountsChanged();
      }
      boolean fidReady = (revents(0) & POLLIN) != 0;
      boolean fdReady = (revents(1) & POLLIN) != 0;
      if (!fidReady && !fdReady) {
        continue;
      }
      if (!backlog) {
        sleepQuietly(BATCH_DELAY_MS);
      }
      backlog = false;
      for (int g = 0; g < 2; g++) {
        int group = g == 0 ? marks.fidFd() : marks.fdFd();
        if (group < 0 || (g == 0 ? !fidReady : !fdReady)) {
          continue;
        }
        long n = LibC.read(cs, group, buf, READ_BUFFER_SIZE);
        if (n < 0) {
          int errno = LibC.errno(cs);
          if (errno != EAGAIN && errno != EINTR && !loggedReadError) {
            loggedReadError = true;
            FanotifySensor.LOG.warn("read on the fanotify fd failed: {}", errnoName(errno));
            sleepQuietly(10);
          }
          continue;
        }
        backlog |= n > READ_BUFFER_SIZE / 2;
        long now = clock.nowNs();
        long off = 0;
        while (meta.wrap(buf, off, n)) {
          handle(now, g == 0);
          off += meta.eventLen();
        }
      }
      reportDrops(false);
    }
  }

  private void mountsChanged() {
    try {
      if (watcher.changed()) {
        fid.reset(watcher.scope());
        sensor.scopeChanged();
      }
    } catch (SensorException | RuntimeException e) {
      FanotifySensor.LOG.warn("handling a mount table change failed", e);
    }
  }

  private void setPollFd(int i, int fd, short events) {
    long o = i * LibC.POLLFD.byteSize();
    pfds.set(ValueLayout.JAVA_INT, o, fd);
    pfds.set(ValueLayout.JAVA_SHORT, o + 4, events);
    pfds.set(ValueLayout.JAVA_SHORT, o + 6, (short) 0);
  }

  private short revents(int i) {
    return pfds.get(ValueLayout.JAVA_SHORT, i * LibC.POLLFD.byteSize() + 6);
  }

  private void handle(long now, boolean fidGroup) {
    counters.eventsRead.incrementAndGet();
    int fd = meta.fd();
    if (meta.version() != FANOTIFY_METADATA_VERSION) {
      closeEventFd(fd);
      FanotifySensor.LOG.warn("fanotify metadata version {} (expected {}): event skipped", meta.version(),
          FANOTIFY_METADATA_VERSION);
      return;
    }
    long mask = meta.mask();
    if ((mask & FAN_Q_OVERFLOW) != 0) {
      long total = counters.overflows.incrementAndGet();
      sensor.emitSensorEvent(SensorEvent.Kind.QUEUE_OVERFLOW, 0,
          "fanotify queue overflowed: the kernel dropped file events (overflows so far: " + total + ")");
      closeEventFd(fd);
      return;
    }
    if (fidGroup) {
      if (fid.resolve(buf, meta.offset(), meta.metadataLen(), meta.eventLen())) {
        offer(now, mask, fid.path(), fid.fs(), null, null);
      }
      return;
    }
    if (fd < 0) {
      return;
    }
    counters.openEventFds.incrementAndGet();
    try {
      handleFd(now, mask, fd);
    } finally {
      closeEventFd(fd);
    }
  }

  /** fd mode: the path as the agent's namespace names it, or, for a mount of another namespace, mapped to it. */
  private void handleFd(long now, long mask, int fd) {
    int len = link.read(fd);
    if (len <= 0) {
      return;
    }
    WatchScope scope = watcher.scope();
    int pid = meta.pid();
    String pidNs = ns.nsOfNow(pid); // fresh: `unshare -m` keeps the pid; a stale answer would misplace an ignore mark
    int mntId = -1;
    if (pidNs != null && !ns.sameAsSelf(pidNs)) {
      mntId = link.mountId(fd); // another namespace: which mount (one fdinfo read, only for such processes)
    }
    MountTable.Mount own = mntId < 0 ? null : watcher.ownMount(mntId);
    if (mntId < 0 || own != null) {
      // a path of the agent's namespace (or of a process already gone: taken as such)
      if (scope.matches(link.buffer(), len)) {
        String used = link.string();
        if (gate != null && (meta.mask() & dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_OPEN) != 0) {
          gate.markDir(used.substring(0, Math.max(1, used.lastIndexOf('/')))); // a directory made after start
        }
        MountTable.Mount m = own != null ? own : watcher.table().mountOf(used);
        offer(now, mask, used, m == null ? null : marks.byDev(m.dev()), null, pidNs);
        return;
      }
      // maybe a bind mount (or another mount) of a watched file system: name it through the agent's mount of it
      String used = watcher.aliasMounts() ? link.string() : null;
      MountTable.Mount m = used == null ? null : own != null ? own : watcher.table().mountOf(used);
      WatchedFs fs = m == null ? null : marks.byDev(m.dev());
      if (fs != null && !m.mountPoint().equals(fs.mountPoint())) {
        String host = hostPath(fs, MountTable.join(m.root(), MountTable.rest(used, m.mountPoint())));
        if (host != null && scope.matches(host)) {
          offer(now, mask, host, fs, used, pidNs);
          return;
        }
      }
      counters.outsideRoots.incrementAndGet();
      ignores.ignoreInode(marks.fdFd(), fd);
      return;
    }
    // Opened through a mount of another mount namespace: readlink gives the path there (or, once that
    // namespace is gone, the path below the mount).
    String used = link.string();
    MountTable t = ns.tableOf(pid, pidNs, false);
    MountTable.Mount m = t == null ? null : t.byId(mntId);
    if (m == null) {
      t = ns.tableOf(pid, pidNs, true);
      m = t == null ? null : t.byId(mntId);
    }
    if (m == null) {
      counters.unresolvedNs.incrementAndGet(); // the process (and its namespace) is gone: reported as dropped
      return;
    }
    boolean full = MountTable.under(used, m.mountPoint());
    String rest = full ? MountTable.rest(used, m.mountPoint()) : (used.equals("/") ? "" : used);
    WatchedFs fs = marks.byDev(m.dev());
    String host = fs == null ? null : hostPath(fs, MountTable.join(m.root(), rest));
    if (host == null) {
      counters.outsideRoots.incrementAndGet(); // not visible through the agent's mounts
      return;
    }
    if (!scope.matches(host)) {
      counters.outsideRoots.incrementAndGet();
      ignores.ignoreInode(marks.fdFd(), fd);
      return;
    }
    offer(now, mask, host, fs, MountTable.join(m.mountPoint(), rest), pidNs);
  }

  /** The host path of {@code fsPath} (a path from the root of {@code fs}), or null when the agent's mount does not show it. */
  private static String hostPath(WatchedFs fs, String fsPath) {
    if (!MountTable.under(fsPath, fs.mountRoot())) {
      return null;
    }
    return MountTable.join(fs.mountPoint(), MountTable.rest(fsPath, fs.mountRoot()));
  }

  private void offer(long now, long mask, String path, WatchedFs fs, String nsPath, String knownNs) {
    int pid = meta.pid();
    if (pid == selfPid) {
      counters.selfEvents.incrementAndGet();
      return;
    }
    resolver.prime(pid);
    String pidNs = knownNs != null ? knownNs : fs == null ? null : ns.nsOf(pid);
    if (!queue.offer(new RawEvent(now, pid, mask, path, fs, nsPath, pidNs))) {
      counters.queueDrops.incrementAndGet();
    }
  }

  private void closeEventFd(int fd) {
    if (fd >= 0) {
      LibC.close(cs, fd);
      counters.openEventFds.decrementAndGet();
    }
  }

  /** Reports queue drops and unresolvable events as EVENTS_DROPPED, at most once a second unless forced. */
  void reportDrops(boolean force) {
    long nanos = System.nanoTime();
    if (!force && nanos - lastDropReportNanos < DROP_REPORT_INTERVAL_NS) {
      return;
    }
    long drops = counters.queueDrops.get();
    if (drops > dropsReported) {
      sensor.emitSensorEvent(SensorEvent.Kind.EVENTS_DROPPED, drops - dropsReported,
          "fanotify sensor: enrichment queue full (" + FanotifySensor.QUEUE_CAPACITY + "), events dropped");
      dropsReported = drops;
      lastDropReportNanos = nanos;
    }
    long unresolved = counters.unresolvedNs.get();
    if (unresolved > unresolvedReported) {
      sensor.emitSensorEvent(SensorEvent.Kind.EVENTS_DROPPED, unresolved - unresolvedReported,
          "fanotify sensor: events on a mount of another mount namespace whose process exited before its mount"
              + " table could be read (path unknown), dropped");
      unresolvedReported = unresolved;
      lastDropReportNanos = nanos;
    }
  }

  /** Frees the native memory; call after the thread has ended. */
  void release() {
    arena.close();
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
