package dev.aiaudit.sensor.fanotify;

import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_ACCESS;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_CLOSE_WRITE;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_OPEN;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_OPEN_EXEC;

import dev.aiaudit.model.AssetClassifier;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FileOrigin;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.sensor.poll.FdScanner;
import dev.aiaudit.sensor.proc.ProcessResolver;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrichment stage: turns {@link RawEvent}s into {@link FileEvent}s (process from the {@link
 * ProcessResolver} cache, asset kind from the classifier, cached per path), emits opens, execs and
 * modifications at once and folds reads through the {@link ReadCoalescer}. A kernel event that
 * merged several FAN_* bits yields OPEN (or OPEN_EXEC) first, then READ, then MODIFY. When device
 * nodes are watched it also scans /proc fds for their holders every poll interval ({@link FdScanner}),
 * because the kernel may not report device-node opens through fanotify. Not
 * thread-safe: runs on the enrichment thread only.
 */
final class EventProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);
  static final String SOURCE = "fanotify";
  /** Device-node opens found by the /proc fd scan (the kernel may not report them through fanotify). */
  static final String DEVICE_SCAN_SOURCE = "proc-poll";
  private static final int MAX_ASSET_CACHE = 131_072;
  private static final int MAX_PENDING_READS = 65_536;

  private final String host;
  private final AssetClassifier classifier;
  private final ProcessResolver resolver;
  private final ReadCoalescer reads;
  private final SensorCounters counters;
  private final Consumer<? super Event> out;
  private final Consumer<FileEvent> emit;
  private final Map<String, AssetKind> assetCache = new HashMap<>();
  private final FdScanner deviceScanner;
  private final Set<String> deviceNodes;
  private final long scanIntervalNanos;
  private final Origins origins = new Origins(NsMounts.system());
  private long nextScanNanos;

  EventProcessor(String host, AssetClassifier classifier, Duration coalesce, ProcessResolver resolver,
      SensorCounters counters, Consumer<? super Event> out, FdScanner deviceScanner, Set<String> deviceNodes,
      Duration scanInterval) {
    this.host = host;
    this.classifier = classifier;
    this.resolver = resolver;
    this.reads = new ReadCoalescer(coalesce, MAX_PENDING_READS, host, SOURCE);
    this.counters = counters;
    this.out = out;
    this.emit = this::emit;
    this.deviceScanner = deviceScanner;
    this.deviceNodes = Set.copyOf(deviceNodes);
    this.scanIntervalNanos = scanInterval.toNanos();
    this.nextScanNanos = System.nanoTime();
  }

  /**
   * Brings the process table up to date once for a batch of events taken from the queue (every event of
   * the batch was read after the fork and exec of its process were sent), instead of once per event.
   */
  void beginBatch() {
    resolver.sync();
  }

  void process(RawEvent e) {
    long missesBefore = resolver.misses();
    ProcessInfo p = resolver.resolveSynced(e.pid());
    if (resolver.misses() != missesBefore) {
      counters.enrichMisses.incrementAndGet();
    }
    AssetKind kind = classify(e.path());
    FileOrigin origin = origins.of(e);
    long m = e.mask();
    boolean readFolded = false;
    if ((m & FAN_OPEN_EXEC) != 0) {
      emit(withOrigin(FileEvent.of(e.timeNs(), host, FileActivity.OPEN_EXEC, p, e.path(), kind, SOURCE), origin));
    } else if ((m & FAN_OPEN) != 0) {
      FileEvent open = withOrigin(FileEvent.of(e.timeNs(), host, FileActivity.OPEN, p, e.path(), kind, SOURCE), origin);
      // The kernel merged the open and the first read(s) of this process into one event: one Open record
      // that says so (unmapped.reads) stands for both; reads reported later still go to the coalescer.
      readFolded = (m & FAN_ACCESS) != 0;
      emit(readFolded ? open.withReads(1) : open);
      if (readFolded) {
        counters.readsCoalesced.incrementAndGet();
      }
    }
    if ((m & (FAN_OPEN | FAN_OPEN_EXEC)) != 0 && deviceScanner != null && deviceNodes.contains(e.path())) {
      deviceScanner.markSeen(p, e.path());
    }
    if ((m & FAN_ACCESS) != 0 && !readFolded) {
      long before = reads.coalesced();
      reads.add(p, e.path(), kind, origin, e.timeNs(), emit);
      counters.readsCoalesced.addAndGet(reads.coalesced() - before);
    }
    if ((m & FAN_CLOSE_WRITE) != 0) {
      emit(withOrigin(FileEvent.of(e.timeNs(), host, FileActivity.MODIFY, p, e.path(), kind, SOURCE), origin));
    }
  }

  /** Emits the coalesced reads whose interval has passed; scans device-node holders when due. */
  void tick(long nowNs) {
    reads.flushDue(nowNs, emit);
    if (deviceScanner != null && System.nanoTime() - nextScanNanos >= 0) {
      nextScanNanos = System.nanoTime() + scanIntervalNanos;
      scanDevices(nowNs);
    }
  }

  private void scanDevices(long nowNs) {
    long missesBefore = resolver.misses();
    try {
      deviceScanner.scan((p, path) ->
          emit(FileEvent.of(nowNs, host, FileActivity.OPEN, p, path, classify(path), DEVICE_SCAN_SOURCE)));
    } catch (IOException ex) {
      LOG.warn("device-node scan of /proc failed", ex);
    }
    counters.enrichMisses.addAndGet(resolver.misses() - missesBefore);
  }

  void flushAll() {
    reads.flushAll(emit);
  }

  private static FileEvent withOrigin(FileEvent e, FileOrigin origin) {
    return origin == null ? e : e.withOrigin(origin);
  }

  private AssetKind classify(String path) {
    AssetKind k = assetCache.get(path);
    if (k == null) {
      if (assetCache.size() >= MAX_ASSET_CACHE) {
        assetCache.clear();
      }
      k = classifier.classify(path);
      assetCache.put(path, k);
    }
    return k;
  }

  private void emit(FileEvent e) {
    counters.eventsEmitted.incrementAndGet();
    out.accept(e);
  }
}
