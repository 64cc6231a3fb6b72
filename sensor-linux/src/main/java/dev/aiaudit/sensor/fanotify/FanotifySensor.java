package dev.aiaudit.sensor.fanotify;

import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.AT_FDCWD;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.EACCES;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.EAGAIN;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.EEXIST;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.EINTR;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.EINVAL;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.EPERM;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FANOTIFY_METADATA_VERSION;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_ACCESS;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_CLASS_NOTIF;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_CLOEXEC;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_CLOSE_WRITE;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_ADD;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_EVICTABLE;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_IGNORED_MASK;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_IGNORED_SURV_MODIFY;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_IGNORE_SURV;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_INODE;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_MOUNT;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_NONBLOCK;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_OPEN;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_OPEN_EXEC;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_Q_OVERFLOW;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_CLOEXEC;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_LARGEFILE;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_RDONLY;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.POLLIN;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.errnoName;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.sensor.Sensor;
import dev.aiaudit.sensor.SensorConfig;
import dev.aiaudit.sensor.SensorException;
import dev.aiaudit.sensor.SensorStats;
import dev.aiaudit.sensor.fanotify.internal.LibC;
import dev.aiaudit.sensor.poll.FdScanner;
import dev.aiaudit.sensor.proc.ProcessResolver;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File activity under watched roots from fanotify(7), called through FFM.
 *
 * <p><b>Setup.</b> {@code fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY |
 * O_LARGEFILE | O_CLOEXEC)}: a notification-only group (no permission events, so the kernel never
 * waits for us) with the default bounded queue (16384 events), so an overflow is reported as
 * FAN_Q_OVERFLOW rather than growing memory. Each root's mount (and real file systems mounted below
 * it) gets a {@code FAN_MARK_MOUNT} mark for {@code FAN_OPEN | FAN_OPEN_EXEC | FAN_ACCESS |
 * FAN_CLOSE_WRITE}, so files and directories created later are covered; device nodes get inode
 * marks. Mount marks see the whole mount, so paths are filtered in user space by root prefix.
 *
 * <p><b>Reader thread.</b> poll(2) with a 100 ms timeout (so close() is noticed), a 2 ms pause to let
 * events accumulate (unless the previous read found a backlog), then read(2) into one 64 KiB native
 * buffer, walked with the {@link FanotifyEventMetadata} flyweight. Per event it
 * readlinks {@code /proc/self/fd/N} into a native buffer, matches the bytes against the roots, and
 * closes the fd, always. An event outside the roots gets, once per inode, an evictable ignore mark
 * ({@code FAN_MARK_IGNORE_SURV | FAN_MARK_EVICTABLE}, kernel 6.0+; {@code FAN_MARK_IGNORED_MASK}
 * form on 5.19) so the kernel stops queueing events for it without pinning the inode in memory.
 * Events of the agent's own pid are dropped. Events under a root go, as {@link RawEvent}s, into a
 * bounded queue; when it is full the event is dropped, counted and reported as EVENTS_DROPPED.
 *
 * <p><b>Enrichment thread.</b> {@link EventProcessor}: process info from /proc (cached per pid and
 * start time), asset kind, read coalescing, and a /proc fd scan for holders of the watched device
 * nodes every poll interval: Linux 6.18 reports no FAN_OPEN/FAN_ACCESS on character devices even
 * with an inode mark (checked on this kernel), while GPU processes hold their device fds open.
 */
public final class FanotifySensor implements Sensor {
  private static final Logger LOG = LoggerFactory.getLogger(FanotifySensor.class);

  static final long EVENT_MASK = FAN_OPEN | FAN_OPEN_EXEC | FAN_ACCESS | FAN_CLOSE_WRITE;
  static final int READ_BUFFER_SIZE = 64 * 1024;
  static final int QUEUE_CAPACITY = 65_536;
  /** At most this many ignore marks are placed (fs.fanotify.max_user_marks is shared with marks of others). */
  static final long MAX_IGNORE_MARKS = 100_000;
  private static final int LINK_BUFFER_SIZE = 4_096;
  private static final int POLL_TIMEOUT_MS = 100;
  /**
   * After a wake-up that did not fill the buffer, wait this long before the next read: events pile
   * up (and the kernel merges repeated reads of one file by one process) instead of waking the
   * reader once per event. At most 500 wake-ups/s; 16384 queued events allow 8 M events/s.
   */
  static final long BATCH_DELAY_MS = 2;
  private static final long DROP_REPORT_INTERVAL_NS = 1_000_000_000L;
  private static final byte[] FD_PREFIX = "/proc/self/fd/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final SensorConfig config;
  private final Consumer<? super Event> out;
  private final SensorCounters counters = new SensorCounters();
  private final BlockingQueue<RawEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final int selfPid = (int) ProcessHandle.current().pid();
  private final Object lifecycle = new Object();

  private volatile boolean reading;
  private volatile boolean enriching;
  private volatile boolean paused;
  private volatile String description;
  private boolean started;
  private boolean closed;
  private int fanFd = -1;
  private Arena arena;
  private Thread reader;
  private Thread enricher;
  private RootFilter filter;

  // reader-thread state
  private MemorySegment readerCs;
  private MemorySegment buf;
  private MemorySegment linkBuf;
  private MemorySegment fdPath;
  private final FanotifyEventMetadata meta = new FanotifyEventMetadata();
  private int ignoreFlags = FAN_MARK_IGNORE_SURV | FAN_MARK_EVICTABLE;
  private long dropsReported;
  private long lastDropReportNanos;

  private FanotifySensor(SensorConfig config, Consumer<? super Event> out) {
    this.config = Objects.requireNonNull(config, "config");
    this.out = Objects.requireNonNull(out, "out");
    this.description = "fanotify (not started; roots " + config.roots() + ")";
  }

  public static FanotifySensor create(SensorConfig config, Consumer<? super Event> out) {
    return new FanotifySensor(config, out);
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
      arena = Arena.ofShared();
      try {
        MemorySegment cs = LibC.newCallState(arena);
        int fd = LibC.fanotifyInit(cs, FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY | O_LARGEFILE | O_CLOEXEC);
        if (fd < 0) {
          int errno = LibC.errno(cs);
          boolean perm = errno == EPERM || errno == EACCES;
          throw new SensorException("fanotify_init failed: " + errnoName(errno)
              + (perm ? " (needs CAP_SYS_ADMIN in the initial user namespace)" : ""), perm, null);
        }
        fanFd = fd;
        List<String> marked = markMounts(cs, roots);
        for (Path n : nodes) {
          mark(cs, FAN_MARK_ADD | FAN_MARK_INODE, n.toString(), "inode");
        }
        description = "fanotify (mount marks on " + String.join(", ", marked)
            + (nodes.isEmpty() ? "" : "; inode marks on " + nodes.size() + " device node" + (nodes.size() == 1 ? "" : "s"))
            + "; roots " + String.join(", ", roots) + ")";
        readerCs = LibC.newCallState(arena);
        buf = arena.allocate(READ_BUFFER_SIZE, 8);
        linkBuf = arena.allocate(LINK_BUFFER_SIZE);
        fdPath = arena.allocate(64);
        MemorySegment.copy(FD_PREFIX, 0, fdPath, ValueLayout.JAVA_BYTE, 0, FD_PREFIX.length);
      } catch (SensorException | RuntimeException e) {
        releaseNative();
        throw e;
      }
      ProcessResolver resolver = ProcessResolver.system();
      FdScanner deviceScanner = nodes.isEmpty() ? null
          : new FdScanner(Path.of("/proc"), RootFilter.of(List.of(), nodes), resolver, selfPid);
      EventProcessor processor = new EventProcessor(config.host(), config.classifier(), config.readCoalesceInterval(),
          resolver, counters, out, deviceScanner, nodes.stream().map(Path::toString).collect(Collectors.toSet()),
          config.pollInterval());
      reading = true;
      enriching = true;
      reader = Thread.ofPlatform().name("ai-audit-fanotify-reader").daemon(true).unstarted(this::readLoop);
      enricher = Thread.ofPlatform().name("ai-audit-fanotify-enrich").daemon(true)
          .unstarted(() -> enrichLoop(processor));
      enricher.start();
      reader.start();
      emitSensorEvent(SensorEvent.Kind.SENSOR_STARTED, 0, description);
      LOG.info("sensor started: {}", description);
    }
  }

  private List<String> markMounts(MemorySegment cs, List<String> roots) throws SensorException {
    MountTable table = MountTable.read();
    List<String> own = roots.stream().map(table::mountPointOf).distinct().toList();
    List<String> marked = new ArrayList<>();
    for (String mp : table.mountPointsToMark(roots)) {
      if (own.contains(mp)) {
        mark(cs, FAN_MARK_ADD | FAN_MARK_MOUNT, mp, "mount");
        marked.add(mp);
      } else {
        try {
          mark(cs, FAN_MARK_ADD | FAN_MARK_MOUNT, mp, "mount");
          marked.add(mp);
        } catch (SensorException e) {
          LOG.warn("not watching the mount {} below a root: {}", mp, e.getMessage(), e);
        }
      }
    }
    return marked;
  }

  private void mark(MemorySegment cs, int flags, String path, String what) throws SensorException {
    try (Arena a = Arena.ofConfined()) {
      int rc = LibC.fanotifyMark(cs, fanFd, flags, EVENT_MASK, AT_FDCWD, a.allocateFrom(path));
      if (rc < 0) {
        int errno = LibC.errno(cs);
        boolean perm = errno == EPERM || errno == EACCES;
        throw new SensorException("fanotify_mark(" + what + ") on " + path + " failed: " + errnoName(errno), perm, null);
      }
    }
  }

  // ---------------------------------------------------------------- reader thread

  private void readLoop() {
    MemorySegment pfd = arena.allocate(LibC.POLLFD);
    pfd.set(ValueLayout.JAVA_INT, 0, fanFd);
    pfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
    boolean loggedReadError = false;
    boolean backlog = false;
    while (reading) {
      if (paused) {
        sleepQuietly(5);
        continue;
      }
      int ready = LibC.poll(readerCs, pfd, 1, POLL_TIMEOUT_MS);
      if (ready <= 0) {
        continue; // timeout or EINTR
      }
      if (!backlog) {
        sleepQuietly(BATCH_DELAY_MS);
      }
      long n = LibC.read(readerCs, fanFd, buf, READ_BUFFER_SIZE);
      if (n < 0) {
        int errno = LibC.errno(readerCs);
        if (errno != EAGAIN && errno != EINTR && !loggedReadError) {
          loggedReadError = true;
          LOG.warn("read on the fanotify fd failed: {}", errnoName(errno));
          sleepQuietly(10);
        }
        continue;
      }
      backlog = n > READ_BUFFER_SIZE / 2;
      long now = config.clock().nowNs();
      long off = 0;
      while (meta.wrap(buf, off, n)) {
        handle(now);
        off += meta.eventLen();
      }
      reportDrops(now, false);
    }
  }

  private void handle(long now) {
    counters.eventsRead.incrementAndGet();
    int fd = meta.fd();
    if (meta.version() != FANOTIFY_METADATA_VERSION) {
      closeEventFd(fd);
      LOG.warn("fanotify metadata version {} (expected {}): event skipped", meta.version(), FANOTIFY_METADATA_VERSION);
      return;
    }
    long mask = meta.mask();
    if ((mask & FAN_Q_OVERFLOW) != 0) {
      long total = counters.overflows.incrementAndGet();
      emitSensorEvent(SensorEvent.Kind.QUEUE_OVERFLOW, 0,
          "fanotify queue overflowed: the kernel dropped file events (overflows so far: " + total + ")");
    }
    if (fd < 0) {
      return;
    }
    counters.openEventFds.incrementAndGet();
    try {
      int len = resolveFd(fd);
      if (len <= 0) {
        return;
      }
      if (!filter.matches(linkBuf, len)) {
        counters.outsideRoots.incrementAndGet();
        ignoreInode(fd);
        return;
      }
      int pid = meta.pid();
      if (pid == selfPid) {
        counters.selfEvents.incrementAndGet();
        return;
      }
      String path = linkBuf.getString(0);
      if (!queue.offer(new RawEvent(now, pid, mask, path))) {
        counters.queueDrops.incrementAndGet();
      }
    } finally {
      closeEventFd(fd);
    }
  }

  /** readlink("/proc/self/fd/N") into linkBuf, NUL-terminated; returns the length or -1. */
  private int resolveFd(int fd) {
    int p = FD_PREFIX.length;
    int digits = 1;
    for (int v = fd / 10; v > 0; v /= 10) {
      digits++;
    }
    for (int i = digits - 1, v = fd; i >= 0; i--, v /= 10) {
      fdPath.set(ValueLayout.JAVA_BYTE, p + i, (byte) ('0' + v % 10));
    }
    fdPath.set(ValueLayout.JAVA_BYTE, p + digits, (byte) 0);
    long len = LibC.readlink(readerCs, fdPath, linkBuf, LINK_BUFFER_SIZE - 1);
    if (len < 0) {
      return -1;
    }
    linkBuf.set(ValueLayout.JAVA_BYTE, len, (byte) 0);
    return (int) len;
  }

  private void ignoreInode(int fd) {
    if (ignoreFlags == 0 || counters.ignoreMarks.get() >= MAX_IGNORE_MARKS) {
      return;
    }
    int rc = LibC.fanotifyMark(readerCs, fanFd, FAN_MARK_ADD | FAN_MARK_INODE | ignoreFlags, EVENT_MASK, fd, MemorySegment.NULL);
    if (rc == 0) {
      counters.ignoreMarks.incrementAndGet();
      return;
    }
    int errno = LibC.errno(readerCs);
    if (errno == EEXIST) {
      return; // a non-evictable mark of ours is on this inode
    }
    if (errno == EINVAL && (ignoreFlags & FAN_MARK_IGNORE_SURV) == FAN_MARK_IGNORE_SURV) {
      ignoreFlags = FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORED_SURV_MODIFY | FAN_MARK_EVICTABLE; // kernel 5.19
      ignoreInode(fd);
      return;
    }
    LOG.warn("evictable ignore marks unavailable ({}): events outside the roots are filtered in user space only",
        errnoName(errno));
    ignoreFlags = 0;
  }

  private void closeEventFd(int fd) {
    if (fd >= 0) {
      LibC.close(readerCs, fd);
      counters.openEventFds.decrementAndGet();
    }
  }

  private void reportDrops(long now, boolean force) {
    long drops = counters.queueDrops.get();
    long nanos = System.nanoTime();
    if (drops > dropsReported && (force || nanos - lastDropReportNanos >= DROP_REPORT_INTERVAL_NS)) {
      emitSensorEvent(SensorEvent.Kind.EVENTS_DROPPED, drops - dropsReported,
          "fanotify sensor: enrichment queue full (" + QUEUE_CAPACITY + "), events dropped");
      dropsReported = drops;
      lastDropReportNanos = nanos;
    }
  }

  // ---------------------------------------------------------------- enrichment thread

  private void enrichLoop(EventProcessor processor) {
    List<RawEvent> batch = new ArrayList<>(1024);
    while (enriching || !queue.isEmpty()) {
      try {
        RawEvent first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first != null) {
          processor.process(first);
          queue.drainTo(batch, 4096);
          for (RawEvent e : batch) {
            processor.process(e);
          }
          batch.clear();
        }
        processor.tick(config.clock().nowNs());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.warn("enrichment failed; event skipped", e);
      }
    }
    processor.flushAll();
  }

  // ---------------------------------------------------------------- lifecycle

  private void emitSensorEvent(SensorEvent.Kind kind, long count, String message) {
    counters.eventsEmitted.incrementAndGet();
    out.accept(new SensorEvent(config.clock().nowNs(), config.host(), kind, count, message));
  }

  /** Visible for testing: stops reading (the kernel queue fills up) until called with false. */
  void pauseReading(boolean pause) {
    this.paused = pause;
  }

  /** Visible for testing: events of the agent itself seen (and dropped). */
  long selfEvents() {
    return counters.selfEvents.get();
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public SensorStats stats() {
    return counters.snapshot();
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (!started || closed) {
        closed = true;
        return;
      }
      closed = true;
      reading = false;
      join(reader);
      reportDrops(config.clock().nowNs(), true);
      enriching = false;
      join(enricher);
      releaseNative();
      emitSensorEvent(SensorEvent.Kind.SENSOR_STOPPED, 0, "fanotify sensor stopped: " + stats());
      LOG.info("sensor stopped: {}", stats());
    }
  }

  private void releaseNative() {
    if (fanFd >= 0) {
      try (Arena a = Arena.ofConfined()) {
        LibC.close(LibC.newCallState(a), fanFd);
      }
      fanFd = -1;
    }
    if (arena != null) {
      arena.close();
      arena = null;
    }
  }

  private static void join(Thread t) {
    if (t == null) {
      return;
    }
    try {
      t.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
