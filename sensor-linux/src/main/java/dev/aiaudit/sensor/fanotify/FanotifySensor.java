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
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_EVENT_ON_CHILD;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_ONDIR;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_REPORT_DFID_NAME;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
 * <p><b>Setup.</b> {@code fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK [| FAN_REPORT_DFID_NAME],
 * O_RDONLY | O_LARGEFILE | O_CLOEXEC)}: a notification-only group (no permission events, so the
 * kernel never waits for us) with the default bounded queue (16384 events), so an overflow is
 * reported as FAN_Q_OVERFLOW rather than growing memory. Each root's mount (and real file systems
 * mounted below it) gets a {@code FAN_MARK_MOUNT} mark for {@code FAN_OPEN | FAN_OPEN_EXEC |
 * FAN_ACCESS | FAN_CLOSE_WRITE}, so files and directories created later are covered; device nodes
 * get inode marks. Mount marks see the whole mount, so paths are filtered in user space by root prefix.
 *
 * <p><b>Two modes.</b> <em>FID mode</em> (default when the kernel, the file systems and
 * open_by_handle_at allow it; checked at start): events carry the parent directory's file handle and
 * the file name, no fd. The directory is resolved once per {@link #DIR_TTL_NANOS} (open_by_handle_at
 * + readlink, cached by a hash of fsid and handle), and a directory outside the roots gets one
 * evictable ignore mark for its children. <em>fd mode</em> (fallback, or {@code
 * -Daiaudit.sensor.fanotify.fid=false}): the kernel opens each file for us; the reader readlinks
 * {@code /proc/self/fd/N}, matches the bytes against the roots and closes the fd, always; a file
 * outside the roots gets an evictable ignore mark on its inode. Ignore marks use {@code
 * FAN_MARK_IGNORE_SURV | FAN_MARK_EVICTABLE} (kernel 6.0+; the {@code FAN_MARK_IGNORED_MASK} form
 * on 5.19), so the kernel stops queueing events for them without pinning inodes in memory. FID mode
 * costs about a fifth of the reader CPU per event of fd mode (no file open and close per event).
 *
 * <p><b>Reader thread.</b> poll(2) with a 100 ms timeout (so close() is noticed), a 2 ms pause to let
 * events accumulate (unless the previous read found a backlog), then read(2) into one 64 KiB native
 * buffer, walked with the {@link FanotifyEventMetadata} flyweight. Events of the agent's own pid are
 * dropped. Events under a root go, as {@link RawEvent}s, into a bounded queue; when it is full the
 * event is dropped, counted and reported as EVENTS_DROPPED.
 *
 * <p><b>Enrichment thread.</b> {@link EventProcessor}: process info from /proc (cached per pid and
 * start time), asset kind, read coalescing, and a /proc fd scan for holders of the watched device
 * nodes every poll interval: in fd mode Linux 6.18 reports no event on a character device (it would
 * have to open the device for us; checked on this kernel), while GPU processes hold their device
 * fds open. FID mode does report them; the scan then only confirms holders fanotify did not report.
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
  /** Directory cache entries are re-resolved after this long (a renamed directory shows its new path). */
  static final long DIR_TTL_NANOS = 5_000_000_000L;
  /** {@code MAX_HANDLE_SZ} of the kernel. */
  private static final int MAX_HANDLE_SZ = 128;
  /** System property that turns FID mode off ({@code -Daiaudit.sensor.fanotify.fid=false}). */
  public static final String FID_PROPERTY = "aiaudit.sensor.fanotify.fid";
  private static final ValueLayout.OfInt INT_U = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong LONG_U = ValueLayout.JAVA_LONG_UNALIGNED;
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
  private final boolean allowFid;
  private boolean fidMode;
  /** fsid -> an fd on that file system, for open_by_handle_at (FID mode). */
  private final Map<Long, Integer> mountFds = new HashMap<>();
  private final Set<String> deviceParents = new HashSet<>();
  private final DirCache dirs = new DirCache(1 << 16);
  private ProcessResolver resolver; // set before the reader starts; prime() is thread-safe
  private int ignoreDirFlags = FAN_MARK_IGNORE_SURV | FAN_MARK_EVICTABLE;

  // reader-thread state
  private MemorySegment readerCs;
  private MemorySegment buf;
  private MemorySegment linkBuf;
  private MemorySegment fdPath;
  private final FanotifyEventMetadata meta = new FanotifyEventMetadata();
  private final FidNameRecord fidRecord = new FidNameRecord();
  private int ignoreFlags = FAN_MARK_IGNORE_SURV | FAN_MARK_EVICTABLE;
  private long dropsReported;
  private long lastDropReportNanos;

  private FanotifySensor(SensorConfig config, Consumer<? super Event> out, boolean allowFid) {
    this.allowFid = allowFid;
    this.config = Objects.requireNonNull(config, "config");
    this.out = Objects.requireNonNull(out, "out");
    this.description = "fanotify (not started; roots " + config.roots() + ")";
  }

  /** FID mode when the kernel and file systems allow it (unless {@value #FID_PROPERTY} is false), else fd mode. */
  public static FanotifySensor create(SensorConfig config, Consumer<? super Event> out) {
    return new FanotifySensor(config, out, !"false".equals(System.getProperty(FID_PROPERTY)));
  }

  /** Visible for testing and benchmarks: {@code allowFid=false} forces fd mode. */
  static FanotifySensor create(SensorConfig config, Consumer<? super Event> out, boolean allowFid) {
    return new FanotifySensor(config, out, allowFid);
  }

  /** True when events carry directory handles and names (FAN_REPORT_DFID_NAME) instead of fds. */
  public boolean fidMode() {
    return fidMode;
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
        List<String> marked = null;
        if (allowFid) {
          marked = setUp(cs, roots, nodes, true);
        }
        if (marked == null) {
          marked = setUp(cs, roots, nodes, false);
        }
        description = "fanotify (" + (fidMode ? "fid mode" : "fd mode") + "; mount marks on " + String.join(", ", marked)
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
      resolver = ProcessResolver.system();
      FdScanner deviceScanner = nodes.isEmpty() ? null
          : new FdScanner(Path.of("/proc"), RootFilter.of(List.of(), nodes), resolver, selfPid, true);
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

  /**
   * Creates the group and its marks. In FID mode returns {@code null} (after undoing everything)
   * when the kernel or a file system does not support it, so the caller retries in fd mode.
   */
  private List<String> setUp(MemorySegment cs, List<String> roots, List<Path> nodes, boolean fid) throws SensorException {
    int initFlags = FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK | (fid ? FAN_REPORT_DFID_NAME : 0);
    int fd = LibC.fanotifyInit(cs, initFlags, O_RDONLY | O_LARGEFILE | O_CLOEXEC);
    if (fd < 0) {
      int errno = LibC.errno(cs);
      boolean perm = errno == EPERM || errno == EACCES;
      if (fid && !perm) {
        LOG.info("fanotify FID mode unavailable (fanotify_init: {}); using fd mode", errnoName(errno));
        return null;
      }
      throw new SensorException("fanotify_init failed: " + errnoName(errno)
          + (perm ? " (needs CAP_SYS_ADMIN in the initial user namespace)" : ""), perm, null);
    }
    fanFd = fd;
    try {
      List<String> marked = markMounts(cs, roots);
      for (Path n : nodes) {
        mark(cs, FAN_MARK_ADD | FAN_MARK_INODE, n.toString(), "inode");
      }
      if (fid) {
        List<String> fsDirs = new ArrayList<>(marked);
        for (Path n : nodes) {
          fsDirs.add(n.getParent().toString());
          deviceParents.add(n.getParent().toString());
        }
        openMountFds(cs, fsDirs);
        probeHandles(cs, roots);
      }
      fidMode = fid;
      return marked;
    } catch (SensorException e) {
      if (!fid || e.permissionDenied()) {
        throw e;
      }
      LOG.info("fanotify FID mode unavailable ({}); using fd mode", e.getMessage());
      closeMountFds();
      deviceParents.clear();
      LibC.close(cs, fanFd);
      fanFd = -1;
      return null;
    }
  }

  private void openMountFds(MemorySegment cs, List<String> dirs) throws SensorException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(LibC.STATFS_SIZE, 8);
      for (String d : dirs) {
        int fd = LibC.open(cs, a.allocateFrom(d), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
          throw new SensorException("open " + d + ": " + errnoName(LibC.errno(cs)));
        }
        if (LibC.fstatfs(cs, fd, st) < 0) {
          LibC.close(cs, fd);
          throw new SensorException("fstatfs " + d + ": " + errnoName(LibC.errno(cs)));
        }
        long fsid = st.get(LONG_U, LibC.STATFS_FSID_OFFSET);
        if (mountFds.putIfAbsent(fsid, fd) != null) {
          LibC.close(cs, fd);
        }
      }
    }
  }

  /** Checks that each root's handle can be opened again (file handles supported, CAP_DAC_READ_SEARCH held). */
  private void probeHandles(MemorySegment cs, List<String> roots) throws SensorException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment fh = a.allocate(8 + MAX_HANDLE_SZ, 8);
      MemorySegment mountId = a.allocate(ValueLayout.JAVA_INT);
      MemorySegment st = a.allocate(LibC.STATFS_SIZE, 8);
      for (String r : roots) {
        fh.set(INT_U, 0, MAX_HANDLE_SZ);
        MemorySegment path = a.allocateFrom(r);
        if (LibC.nameToHandleAt(cs, AT_FDCWD, path, fh, mountId, 0) < 0) {
          throw new SensorException("name_to_handle_at " + r + ": " + errnoName(LibC.errno(cs)));
        }
        int rootFd = LibC.open(cs, path, O_RDONLY | O_CLOEXEC);
        if (rootFd < 0) {
          throw new SensorException("open " + r + ": " + errnoName(LibC.errno(cs)));
        }
        int rc = LibC.fstatfs(cs, rootFd, st);
        LibC.close(cs, rootFd);
        Integer mfd = rc < 0 ? null : mountFds.get(st.get(LONG_U, LibC.STATFS_FSID_OFFSET));
        if (mfd == null) {
          throw new SensorException("no mount fd for the file system of " + r);
        }
        int fd = LibC.openByHandleAt(cs, mfd, fh, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
          throw new SensorException("open_by_handle_at " + r + ": " + errnoName(LibC.errno(cs)));
        }
        LibC.close(cs, fd);
      }
    }
  }

  private void closeMountFds() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment cs = LibC.newCallState(a);
      for (int fd : mountFds.values()) {
        LibC.close(cs, fd);
      }
    }
    mountFds.clear();
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
    if (fidMode) {
      if ((mask & FAN_Q_OVERFLOW) == 0) {
        handleFid(now, mask);
      }
      return;
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
      resolver.prime(pid);
      if (!queue.offer(new RawEvent(now, pid, mask, path))) {
        counters.queueDrops.incrementAndGet();
      }
    } finally {
      closeEventFd(fd);
    }
  }

  /**
   * FID mode: the event carries, after the metadata, a {@link FidNameRecord} (layout in its
   * Javadoc): the parent directory's handle and the file's name. The directory is resolved once (cached for
   * {@link #DIR_TTL_NANOS}) with open_by_handle_at + readlink; a directory outside the roots gets
   * one evictable ignore mark for its children, so the kernel stops reporting all its files.
   */
  private void handleFid(long now, long mask) {
    if (!fidRecord.find(buf, meta.offset(), meta.metadataLen(), meta.eventLen())) {
      counters.outsideRoots.incrementAndGet(); // no name (e.g. an event on a mount root): cannot be under a root
      return;
    }
    long fsid = fidRecord.fsid();
    long handleOff = fidRecord.handleOffset();
    long handleLen = fidRecord.handleLength();
    long key = hash(fsid, handleOff, handleLen);
    long nanos = System.nanoTime();
    DirCache.Dir d = dirs.get(key);
    if (d == null || nanos - d.resolvedAtNanos() > DIR_TTL_NANOS) {
      d = resolveDir(key, fsid, handleOff, handleLen, nanos);
      if (d == null) {
        return;
      }
    }
    if (!d.watched() && !d.deviceParent()) {
      counters.outsideRoots.incrementAndGet();
      return;
    }
    String name = fidRecord.name();
    String path = d.path().equals("/") ? "/" + name : d.path() + "/" + name;
    if (!d.watched() && !filter.matches(path)) {
      counters.outsideRoots.incrementAndGet();
      return;
    }
    if (meta.pid() == selfPid) {
      counters.selfEvents.incrementAndGet();
      return;
    }
    resolver.prime(meta.pid());
    if (!queue.offer(new RawEvent(now, meta.pid(), mask, path))) {
      counters.queueDrops.incrementAndGet();
    }
  }

  private long hash(long fsid, long off, long len) {
    long h = 0xcbf29ce484222325L ^ fsid;
    h *= 0x100000001b3L;
    long i = 0;
    for (; i + 8 <= len; i += 8) {
      h = (h ^ buf.get(LONG_U, off + i)) * 0x100000001b3L;
    }
    for (; i < len; i++) {
      h = (h ^ buf.get(ValueLayout.JAVA_BYTE, off + i)) * 0x100000001b3L;
    }
    return h;
  }

  private DirCache.Dir resolveDir(long key, long fsid, long handleOff, long handleLen, long nanos) {
    Integer mfd = mountFds.get(fsid);
    if (mfd == null) {
      counters.outsideRoots.incrementAndGet(); // a file system we did not mark for a root
      return null;
    }
    int dfd = LibC.openByHandleAt(readerCs, mfd, buf.asSlice(handleOff, handleLen), O_RDONLY | O_CLOEXEC);
    if (dfd < 0) {
      counters.enrichMisses.incrementAndGet(); // directory gone (ESTALE)
      return null;
    }
    counters.openEventFds.incrementAndGet();
    try {
      int len = resolveFd(dfd);
      if (len <= 0) {
        return null;
      }
      boolean watched = filter.matches(linkBuf, len);
      String path = linkBuf.getString(0);
      boolean deviceParent = deviceParents.contains(path);
      if (!watched && !deviceParent) { // covers direct children only, so ancestors of a root are safe
        ignoreDir(dfd);
      }
      DirCache.Dir d = new DirCache.Dir(path, watched, deviceParent, nanos);
      dirs.put(key, d);
      return d;
    } finally {
      closeEventFd(dfd);
    }
  }

  private void ignoreDir(int dirFd) {
    if (ignoreDirFlags == 0 || counters.ignoreMarks.get() >= MAX_IGNORE_MARKS) {
      return;
    }
    int rc = LibC.fanotifyMark(readerCs, fanFd, FAN_MARK_ADD | FAN_MARK_INODE | ignoreDirFlags,
        EVENT_MASK | FAN_ONDIR | FAN_EVENT_ON_CHILD, dirFd, MemorySegment.NULL);
    if (rc == 0) {
      counters.ignoreMarks.incrementAndGet();
      return;
    }
    int errno = LibC.errno(readerCs);
    if (errno == EEXIST) {
      return;
    }
    if (errno == EINVAL && (ignoreDirFlags & FAN_MARK_IGNORE_SURV) == FAN_MARK_IGNORE_SURV) {
      ignoreDirFlags = FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORED_SURV_MODIFY | FAN_MARK_EVICTABLE;
      ignoreDir(dirFd);
      return;
    }
    LOG.warn("evictable directory ignore marks unavailable ({}): events outside the roots are filtered in user space only",
        errnoName(errno));
    ignoreDirFlags = 0;
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
    ProcessResolver r = resolver;
    return r == null ? counters.snapshot() : r.addTo(counters.snapshot());
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (reader == null || closed) {
        closed = true; // never started, or start() failed and released everything already
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
    closeMountFds();
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
