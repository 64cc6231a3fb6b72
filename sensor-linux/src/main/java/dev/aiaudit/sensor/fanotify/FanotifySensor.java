package dev.aiaudit.sensor.fanotify;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.sensor.Sensor;
import dev.aiaudit.sensor.SensorConfig;
import dev.aiaudit.sensor.SensorException;
import dev.aiaudit.sensor.SensorStats;
import dev.aiaudit.sensor.poll.FdScanner;
import dev.aiaudit.sensor.poll.ProcFdPoller;
import dev.aiaudit.sensor.proc.ProcessResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File activity under watched roots, and under configured paths inside containers, from fanotify(7)
 * called through FFM.
 *
 * <p><b>Coverage by file system.</b> The file system holding each root, every file system mounted below
 * a root (at start or later: {@link MountWatcher}) and every container root file system ({@link
 * ContainerRootfs}) gets a {@code FAN_MARK_FILESYSTEM} mark ({@link FsMarks}), so every mount of it is
 * covered: bind mounts, other mount namespaces, containers. Marks see the whole file system, so paths
 * are filtered in user space ({@link WatchScope}) and what lies outside gets evictable ignore marks
 * ({@link IgnoreMarks}). Records carry the host path (as the agent's namespace names it) and, where the
 * process lives in another namespace or the file in a container, a {@link dev.aiaudit.model.FileOrigin}.
 *
 * <p><b>Two groups.</b> The <em>FID group</em> ({@code FAN_REPORT_DFID_NAME}, default) takes every file
 * system with file handles: events carry the parent directory's handle and the name, resolved by the
 * {@link FidResolver}. The <em>fd group</em> takes the rest (overlayfs on Linux 6.18, FUSE without
 * handles, pseudo file systems; or all when {@code -Daiaudit.sensor.fanotify.fid=false}): the kernel opens
 * each file for the reader. A root that neither group can mark is watched by a {@link ProcFdPoller}
 * for that root. Each fallback is one WARN line and a {@code WATCH_FALLBACK} record.
 *
 * <p><b>Threads.</b> The {@link EventReader} thread reads both groups and the mount table; an
 * enrichment thread runs the {@link EventProcessor} (process info through the {@link ProcessResolver},
 * asset kind, read coalescing, the {@link FileOrigin}s, a /proc fd scan for holders of watched device
 * nodes every poll interval).
 */
public final class FanotifySensor implements Sensor {
  static final Logger LOG = LoggerFactory.getLogger(FanotifySensor.class);

  static final long EVENT_MASK = FsMarks.EVENT_MASK;
  static final int QUEUE_CAPACITY = 65_536;
  /** System property that turns FID mode off ({@code -Daiaudit.sensor.fanotify.fid=false}). */
  public static final String FID_PROPERTY = "aiaudit.sensor.fanotify.fid";

  private final SensorConfig config;
  private final Consumer<? super Event> out;
  private final SensorCounters counters = new SensorCounters();
  private final BlockingQueue<RawEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Object lifecycle = new Object();
  private final boolean allowFid;
  private final List<Sensor> pollers = new ArrayList<>();
  private final List<String> fallbackRoots = new ArrayList<>();

  private volatile boolean enriching;
  private volatile String description;
  private boolean started;
  private boolean closed;
  private boolean fidMode;
  private FsMarks marks;
  private MountWatcher watcher;
  private EventReader reader;
  private StrictGate gate;
  private Thread readerThread;
  private Thread enricher;
  private List<String> roots = List.of();
  private volatile ProcessResolver resolver; // set before the reader starts; adds the process table's counts to stats()

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

  /** True when the file system of every root is watched in FID mode (handles and names, no fd per event). */
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
      roots = RootFilter.canonicalRoots(config.roots());
      List<Path> nodes = RootFilter.canonicalNodes(config.deviceNodes());
      WatchScope scope = WatchScope.of(RootFilter.of(roots.stream().map(Path::of).toList(), nodes),
          config.containerRoots());
      Set<String> deviceParents = new HashSet<>();
      try {
        marks = new FsMarks(allowFid);
        marks.init();
        MountTable table = MountTable.read();
        fidMode = marks.fidGroup();
        for (String r : roots) {
          markRoot(table, r);
        }
        for (Path n : nodes) {
          boolean fid = marks.fidGroup() && n.getParent() != null
              && marks.registerForResolution(table.mountOf(n.getParent().toString()), n.getParent().toString()) == null;
          marks.markInode(n.toString(), fid);
          if (fid) {
            deviceParents.add(n.getParent().toString());
          }
        }
        watcher = new MountWatcher(marks, roots, scope, this::report);
        watcher.initial(table);
        watcher.open();
      } catch (SensorException | RuntimeException e) {
        releaseNative();
        throw e;
      }
      describe(nodes.size());
      resolver = ProcessResolver.system();
      int selfPid = (int) ProcessHandle.current().pid();
      FdScanner deviceScanner = nodes.isEmpty() ? null
          : new FdScanner(Path.of("/proc"), RootFilter.of(List.of(), nodes), resolver, selfPid, true);
      EventProcessor processor = new EventProcessor(config.host(), config.classifier(), config.readCoalesceInterval(),
          resolver, counters, out, deviceScanner, nodes.stream().map(Path::toString).collect(Collectors.toSet()),
          config.pollInterval());
      if (config.strictAttribution()) {
        startGate();
      }
      reader = new EventReader(this, config.clock(), counters, queue, resolver, marks, watcher, deviceParents, gate);
      enriching = true;
      readerThread = Thread.ofPlatform().name("ai-audit-fanotify-reader").daemon(true).unstarted(reader);
      enricher = Thread.ofPlatform().name("ai-audit-fanotify-enrich").daemon(true)
          .unstarted(() -> enrichLoop(processor));
      enricher.start();
      readerThread.start();
      emitSensorEvent(SensorEvent.Kind.SENSOR_STARTED, 0, description);
      LOG.info("sensor started: {}", description);
    }
  }

  /** Strict attribution: the permission group on the roots' directories; when the kernel refuses it, says so and goes on without. */
  private void startGate() {
    try {
      gate = StrictGate.open(roots, resolver);
      gate.start();
      describe(config.deviceNodes().size());
    } catch (SensorException e) {
      report(SensorEvent.Kind.WATCH_FALLBACK, e.getMessage() + "; openers are not held (attribution from the process"
          + " table as without strict mode)");
    }
  }

  /** Marks the file system of a root; when it cannot be marked in FID mode, says so and takes the best fallback. */
  private void markRoot(MountTable table, String root) throws SensorException {
    MountTable.Mount m = table.mountOf(root);
    if (m == null) {
      m = new MountTable.Mount("/", "unknown");
    }
    FsMarks.Outcome o = marks.mark(m, root, "root " + root, null, true);
    String where = "watch root " + root + " on " + m.fsType() + " (" + m.dev() + ", mounted at " + m.mountPoint() + ")";
    if (o.fs() != null && o.fs().fid()) {
      return;
    }
    if (o.fs() != null && o.fallback() == null) {
      if (marks.fidGroup()) { // already marked in fd mode for another root
        fidMode = false;
      }
      return;
    }
    fidMode = false;
    if (o.fs() != null) {
      if (marks.fidGroup()) {
        report(SensorEvent.Kind.WATCH_FALLBACK, where + ": " + o.fallback() + "; watched in fd mode instead");
      }
      return;
    }
    String line = where + " cannot be marked (" + o.failure() + (o.fallback() == null ? "" : "; " + o.fallback())
        + "); watched with the /proc fd poller instead (sees only files held open at a scan every "
        + config.pollInterval().toMillis() + " ms)";
    report(SensorEvent.Kind.WATCH_FALLBACK, line);
    SensorConfig sub = new SensorConfig(List.of(Path.of(root)), List.of(), config.classifier(), config.host(),
        config.readCoalesceInterval(), config.pollInterval(), config.clock(), List.of());
    Sensor poller = ProcFdPoller.create(sub, out, null);
    poller.start();
    pollers.add(poller);
    fallbackRoots.add(root);
  }

  /** One WARN line and one sensor record (for fallbacks and unwatchable mounts), or just the record. */
  void report(SensorEvent.Kind kind, String message) {
    if (kind == SensorEvent.Kind.WATCH_FALLBACK || kind == SensorEvent.Kind.MOUNT_UNWATCHABLE) {
      LOG.warn("{}", message);
    } else {
      LOG.info("{}", message);
    }
    emitSensorEvent(kind, 0, message);
  }

  @Override
  public String strictStats() {
    StrictGate g = gate;
    return g == null ? null : g.describe();
  }

  private void describe(int nodes) {
    List<String> fs = marks.describe();
    List<String> containerRoots = config.containerRoots();
    description = "fanotify (" + (fidMode ? "fid mode" : "fd mode") + "; file-system marks on " + String.join(", ", fs)
        + (nodes == 0 ? "" : "; inode marks on " + nodes + " device node" + (nodes == 1 ? "" : "s"))
        + "; roots " + String.join(", ", roots)
        + (fallbackRoots.isEmpty() ? "" : "; polled roots " + String.join(", ", fallbackRoots))
        + (containerRoots.isEmpty() ? "; containers not watched" : "; container roots " + String.join(", ", containerRoots))
        + (gate == null ? "" : "; strict attribution on " + gate.markedDirs() + " directories")
        + ")";
  }

  /** Called on the reader thread after the mount watcher changed marks or scope. */
  void scopeChanged() {
    describe(config.deviceNodes().size());
  }

  // ---------------------------------------------------------------- enrichment thread

  private void enrichLoop(EventProcessor processor) {
    List<RawEvent> batch = new ArrayList<>(1024);
    while (enriching || !queue.isEmpty()) {
      try {
        RawEvent first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, 4096);
          processor.beginBatch();
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

  void emitSensorEvent(SensorEvent.Kind kind, long count, String message) {
    counters.eventsEmitted.incrementAndGet();
    out.accept(new SensorEvent(config.clock().nowNs(), config.host(), kind, count, message));
  }

  /** Visible for testing: stops reading (the kernel queue fills up) until called with false. */
  void pauseReading(boolean pause) {
    if (reader != null) {
      reader.pause(pause);
    }
  }

  /** Visible for testing: events of the agent itself seen (and dropped). */
  long selfEvents() {
    return counters.selfEvents.get();
  }

  /** Visible for testing: the file systems marked now. */
  List<WatchedFs> watchedFileSystems() {
    synchronized (lifecycle) {
      return marks == null ? List.of() : marks.all();
    }
  }

  @Override
  public String description() {
    String p = dev.aiaudit.sensor.ReaderPriority.describe();
    return p == null ? description : description + "; " + p;
  }

  @Override
  public SensorStats stats() {
    ProcessResolver r = resolver;
    return r == null ? counters.snapshot() : r.addTo(counters.snapshot());
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (readerThread == null || closed) {
        closed = true; // never started, or start() failed and released everything already
        return;
      }
      closed = true;
      reader.stop();
      join(readerThread);
      if (gate != null) {
        gate.close();
        LOG.info("{}", gate.describe());
      }
      reader.reportDrops(true);
      enriching = false;
      join(enricher);
      pollers.forEach(Sensor::close);
      releaseNative();
      reader.release();
      emitSensorEvent(SensorEvent.Kind.SENSOR_STOPPED, 0, "fanotify sensor stopped: " + stats());
      LOG.info("sensor stopped: {}", stats());
    }
  }

  private void releaseNative() {
    if (watcher != null) {
      watcher.close();
    }
    if (marks != null) {
      marks.close();
    }
    if (reader == null) {
      pollers.forEach(Sensor::close);
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
}
