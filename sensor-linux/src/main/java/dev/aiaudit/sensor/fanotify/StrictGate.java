package dev.aiaudit.sensor.fanotify;

import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.AT_FDCWD;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.EAGAIN;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.EINTR;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FANOTIFY_METADATA_VERSION;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_ALLOW;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_CLASS_CONTENT;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_CLOEXEC;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_EVENT_ON_CHILD;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_ADD;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_DONT_FOLLOW;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_NONBLOCK;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_OPEN_PERM;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_CLOEXEC;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_LARGEFILE;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_RDONLY;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.POLLIN;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.errnoName;

import dev.aiaudit.sensor.SensorException;
import dev.aiaudit.sensor.fanotify.internal.LibC;
import dev.aiaudit.sensor.proc.ProcessResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Opt-in strict attribution ({@code watch.strict_attribution}): a third fanotify group
 * ({@code FAN_CLASS_CONTENT}, fd mode, as permission events require) with {@code FAN_OPEN_PERM |
 * FAN_EVENT_ON_CHILD} inode marks on the directories under the roots only (found at start, and each
 * watched directory the reader resolves later). The kernel holds each opener in open(2) until the gate
 * answers; unless the process table already has everything about the live process ({@link
 * ProcessResolver#attributedNow}), the gate has its /proc entries read into the table ({@link
 * ProcessResolver#hold}), then answers {@code FAN_ALLOW}. It never denies. The read is bounded: after
 * {@link #TIMEOUT_MS} the gate allows anyway and counts a timeout. The agent's own opens are allowed at
 * once. Closing the group (at {@link #close()}, or when the agent dies) makes the kernel allow every
 * pending event.
 */
final class StrictGate implements AutoCloseable {
  /** Longest an opener is held for its /proc entries to be read; then it is allowed and a timeout counted. */
  static final long TIMEOUT_MS = 100;
  /** Directories marked at most (each mark pins an inode); past this, one WARN line and no more marks. */
  static final int MAX_DIRS = 65_536;
  private static final int BUFFER = 16 * 1024;
  private static final int RESPONSE_SIZE = 8; // struct fanotify_response { __s32 fd; __u32 response; }

  private final ProcessResolver resolver;
  private final int selfPid = (int) ProcessHandle.current().pid();
  private final Arena arena = Arena.ofShared();
  private final MemorySegment cs = LibC.newCallState(arena);
  private final MemorySegment markCs = LibC.newCallState(arena);
  private final MemorySegment buf = arena.allocate(BUFFER, 8);
  private final MemorySegment response = arena.allocate(RESPONSE_SIZE, 4);
  private final MemorySegment pfd = arena.allocate(LibC.POLLFD.byteSize(), 8);
  private final FanotifyEventMetadata meta = new FanotifyEventMetadata();
  private final Set<String> marked = ConcurrentHashMap.newKeySet();
  private final ExecutorService procReader = Executors.newSingleThreadExecutor(
      r -> Thread.ofPlatform().name("ai-audit-strict-proc").daemon(true).unstarted(r));
  final AtomicLong held = new AtomicLong();
  final AtomicLong timeouts = new AtomicLong();
  final AtomicLong known = new AtomicLong();
  final AtomicLong markFailures = new AtomicLong();
  private final int fd;
  private volatile boolean running = true;
  private boolean warnedFull;
  private Thread thread;

  private StrictGate(ProcessResolver resolver, int fd) {
    this.resolver = resolver;
    this.fd = fd;
  }

  /** Creates the permission group and marks every directory under {@code roots}. */
  static StrictGate open(List<String> roots, ProcessResolver resolver) throws SensorException {
    int fd;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment c = LibC.newCallState(a);
      fd = LibC.fanotifyInit(c, FAN_CLASS_CONTENT | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY | O_LARGEFILE | O_CLOEXEC);
      if (fd < 0) {
        throw new SensorException("strict attribution: fanotify_init(FAN_CLASS_CONTENT) failed: "
            + errnoName(LibC.errno(c)), false, null);
      }
    }
    StrictGate g = new StrictGate(resolver, fd);
    for (String r : roots) {
      try (Stream<Path> dirs = Files.walk(Path.of(r))) {
        dirs.filter(Files::isDirectory).forEach(d -> g.markDir(d.toString()));
      } catch (IOException | UncheckedIOException e) {
        FanotifySensor.LOG.warn("strict attribution: cannot list the directories under {}: {}", r, e.getMessage());
      }
    }
    return g;
  }

  /** Marks a directory under a root (idempotent; thread-safe: called by the reader for directories it resolves). */
  void markDir(String dir) {
    if (marked.contains(dir)) {
      return;
    }
    if (marked.size() >= MAX_DIRS) {
      if (!warnedFull) {
        warnedFull = true;
        FanotifySensor.LOG.warn("strict attribution: {} directories marked; opens in further new directories are not held",
            MAX_DIRS);
      }
      return;
    }
    synchronized (markCs) {
      try (Arena a = Arena.ofConfined()) {
        int rc = LibC.fanotifyMark(markCs, fd, FAN_MARK_ADD | FAN_MARK_DONT_FOLLOW, FAN_OPEN_PERM | FAN_EVENT_ON_CHILD,
            AT_FDCWD, a.allocateFrom(dir));
        if (rc == 0) {
          marked.add(dir);
        } else {
          markFailures.incrementAndGet(); // gone already, or not a directory any more
        }
      }
    }
  }

  int markedDirs() {
    return marked.size();
  }

  void start() {
    try { // load and compile the /proc path once, so the first opener is not the one that waits for it
      procReader.submit(() -> resolver.hold(selfPid)).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      FanotifySensor.LOG.debug("strict attribution: warm-up read failed", e);
    }
    thread = Thread.ofPlatform().name("ai-audit-strict-gate").daemon(true).start(this::run);
  }

  private void run() {
    dev.aiaudit.sensor.ReaderPriority.apply("strict attribution gate");
    pfd.set(ValueLayout.JAVA_INT, 0, fd);
    pfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
    Set<Integer> pids = new LinkedHashSet<>();
    int[] fds = new int[BUFFER / FanotifyEventMetadata.SIZE + 1];
    while (running) {
      pfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
      if (LibC.poll(cs, pfd, 1, 100) <= 0) {
        continue;
      }
      long n = LibC.read(cs, fd, buf, BUFFER);
      if (n <= 0) {
        int errno = LibC.errno(cs);
        if (n < 0 && errno != EAGAIN && errno != EINTR) {
          FanotifySensor.LOG.warn("strict attribution: read failed: {}", errnoName(errno));
          sleepQuietly();
        }
        continue;
      }
      int count = 0;
      long off = 0;
      while (meta.wrap(buf, off, n)) {
        int efd = meta.fd();
        if (efd >= 0) {
          fds[count++] = efd;
          int pid = meta.pid();
          if (pid != selfPid && meta.version() == FANOTIFY_METADATA_VERSION && !pids.contains(pid)) {
            if (resolver.attributedNow(pid)) {
              known.incrementAndGet(); // the table already has all of it: allowed without a /proc read
            } else {
              pids.add(pid);
            }
          }
        }
        off += meta.eventLen();
      }
      readProc(pids);
      pids.clear();
      for (int i = 0; i < count; i++) {
        allow(fds[i]);
      }
    }
  }

  /** Has the held processes read from /proc, for at most {@link #TIMEOUT_MS}; a timeout is counted, never waited out. */
  private void readProc(Set<Integer> pids) {
    if (pids.isEmpty()) {
      return;
    }
    held.addAndGet(pids.size());
    Integer[] batch = pids.toArray(Integer[]::new);
    Future<?> f;
    try {
      f = procReader.submit(() -> {
        for (int p : batch) {
          resolver.hold(p);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return; // closing
    }
    try {
      f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      timeouts.addAndGet(batch.length);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      FanotifySensor.LOG.debug("strict attribution: /proc read failed", e.getCause());
    }
  }

  private void allow(int efd) {
    response.set(ValueLayout.JAVA_INT, 0, efd);
    response.set(ValueLayout.JAVA_INT, 4, FAN_ALLOW);
    if (LibC.write(cs, fd, response, RESPONSE_SIZE) != RESPONSE_SIZE) {
      FanotifySensor.LOG.warn("strict attribution: answering a permission event failed: {}", errnoName(LibC.errno(cs)));
    }
    LibC.close(cs, efd);
  }

  String describe() {
    return "strict attribution: " + marked.size() + " directories held on open, " + held.get() + " openers held for /proc, "
        + known.get() + " allowed at once (already known), " + timeouts.get() + " allowed after the " + TIMEOUT_MS
        + " ms timeout";
  }

  /** Stops the gate; closing the group makes the kernel allow whatever is still pending. */
  @Override
  public void close() {
    running = false;
    if (thread != null) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    procReader.shutdownNow();
    LibC.close(cs, fd);
    arena.close();
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
