package dev.aiaudit.policy.watch;

import dev.aiaudit.policy.inventory.Inventory;
import dev.aiaudit.model.text.Diagnostic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a manifest directory tree (java.nio {@link WatchService}, sub-directories registered as they
 * appear). After a change it waits until the tree has been quiet for the debounce interval, rebuilds the
 * inventory, and hands the compliance changes to the sink. The first evaluation runs in {@link #start}.
 */
public final class ManifestWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ManifestWatcher.class);

  private final Path root;
  private final Supplier<Inventory> rebuild;
  private final ComplianceTracker tracker;
  private final FindingSink sink;
  private final Consumer<List<Diagnostic>> issueSink;
  private final Duration debounce;
  private final WatchService watchService;
  private final AtomicLong evaluations = new AtomicLong();
  private List<Diagnostic> lastIssues = List.of();
  private Thread thread;

  /**
   * @param issueSink gets the manifest issues each time the set of issues changes
   */
  public ManifestWatcher(Path root, Supplier<Inventory> rebuild, ComplianceTracker tracker, FindingSink sink,
      Consumer<List<Diagnostic>> issueSink, Duration debounce) throws IOException {
    this.root = root;
    this.rebuild = rebuild;
    this.tracker = tracker;
    this.sink = sink;
    this.issueSink = issueSink;
    this.debounce = debounce;
    this.watchService = FileSystems.getDefault().newWatchService();
  }

  /** Registers the tree, evaluates once, and starts the watch thread. */
  public ManifestWatcher start() {
    registerTree(root);
    evaluate();
    thread = Thread.ofPlatform().name("policy-watch").daemon(true).start(this::loop);
    return this;
  }

  /** How many times the inventory was evaluated (the first evaluation included). */
  public long evaluations() {
    return evaluations.get();
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = watchService.take();
        boolean relevant = drain(key);
        WatchKey next;
        while ((next = watchService.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          relevant |= drain(next);
        }
        if (relevant) {
          evaluate();
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      LOG.debug("manifest watcher stopped");
    }
  }

  private boolean drain(WatchKey key) {
    boolean relevant = false;
    Path dir = (Path) key.watchable();
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        registerTree(root);
        relevant = true;
        continue;
      }
      Path child = dir.resolve((Path) event.context());
      if (Files.isDirectory(child)) {
        registerTree(child);
        relevant = true;
      } else if (!child.getFileName().toString().startsWith(".")) {
        relevant = true;
      }
    }
    key.reset();
    return relevant;
  }

  private void evaluate() {
    try {
      Inventory inventory = rebuild.get();
      evaluations.incrementAndGet();
      if (!inventory.issues().equals(lastIssues)) {
        lastIssues = inventory.issues();
        issueSink.accept(lastIssues);
      }
      List<ComplianceFinding> findings = tracker.update(inventory);
      if (!findings.isEmpty()) {
        sink.accept(findings);
      }
    } catch (RuntimeException e) {
      LOG.warn("policy watch evaluation failed", e);
    }
  }

  private void registerTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path d : walk.filter(Files::isDirectory).toList()) {
        d.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot watch {} (removed while registering?)", dir, e);
    }
  }

  @Override
  public void close() throws IOException {
    watchService.close();
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
