package dev.aiaudit.cli.wiring;

import dev.aiaudit.cli.config.DetectConfig;
import dev.aiaudit.detect.DetectionEngine;
import dev.aiaudit.detect.RuleWatcher;
import dev.aiaudit.detect.anomaly.Detector;
import dev.aiaudit.detect.anomaly.FirstSeenDetector;
import dev.aiaudit.detect.anomaly.ImageLookup;
import dev.aiaudit.detect.anomaly.RareLineageDetector;
import dev.aiaudit.detect.anomaly.RareTimeDetector;
import dev.aiaudit.detect.anomaly.VolumeBaselineDetector;
import dev.aiaudit.detect.rules.LoadResult;
import dev.aiaudit.detect.rules.RuleLoader;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.sensor.container.ContainerImages;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detection inside the agent. Detection judges records <em>after</em> the journal acknowledged
 * them, so every alert can cite its triggering records by journal seq + hash; it runs on its own
 * thread (a bounded stage like the indexer), and its alerts are offered back into the pipeline
 * queue, so they are journaled, hash-chained and indexed like every record. Alerts are never judged
 * again (no loops). Detector state lives in {@code <data-dir>/detect} and is saved every minute and
 * at stop.
 */
final class DetectWiring implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DetectWiring.class);
  private static final long SAVE_EVERY_NS = Duration.ofMinutes(1).toNanos();

  private final DetectionEngine engine;
  private final AsyncIndexer stage;
  private final RuleWatcher watcher;
  private final EventClock clock;
  private long lastSaveNs;
  private FirstSeenDetector imageDetector;
  private ContainerImages images;

  private DetectWiring(DetectionEngine engine, Consumer<List<AlertEvent>> alerts, RuleWatcher watcher, EventClock clock) {
    this.engine = engine;
    this.watcher = watcher;
    this.clock = clock;
    this.lastSaveNs = clock.nowNs();
    this.stage = new AsyncIndexer(batch -> {
      List<AlertEvent> out = engine.process(batch);
      if (!out.isEmpty()) {
        alerts.accept(out);
      }
      maybeSave();
    }, 16, "ai-audit-detect");
  }

  /** Loads the rules (refusing a broken file) and starts the stage; {@code null} when detection is off. */
  static DetectWiring start(DetectConfig cfg, Path dataDir, EventClock clock, PrintStream out,
      Consumer<List<AlertEvent>> alerts) throws AgentException {
    if (!cfg.enabled()) {
      return null;
    }
    LoadResult r = RuleLoader.load(cfg.builtin(), cfg.rules());
    if (!r.ok()) {
      throw new AgentException(r.render() + "\nai-audit: " + r.errors().size()
          + " errors in rule files; the agent does not start with a broken rule file", null);
    }
    DetectionEngine engine;
    FirstSeenDetector imageDetector = null;
    ContainerImages images = null;
    Path state = dataDir.resolve("detect");
    try {
      List<Detector> detectors = new ArrayList<>(detectors(cfg));
      if (cfg.firstSeenImage()) {
        images = new ContainerImages(new ContainerImages.Roots(cfg.runtimeDirs().containerdTasks(),
            cfg.runtimeDirs().containersRun(), cfg.runtimeDirs().containersStorage(), cfg.runtimeDirs().docker()),
            System::nanoTime, ContainerImages.DEFAULT_MAX_ENTRIES);
        imageDetector = FirstSeenDetector.imageAsset(cfg.learning(), FirstSeenDetector.DEFAULT_MAX_KEYS, imageLookup(images));
        detectors.add(2, imageDetector);
      }
      engine = DetectionEngine.create(r.ruleSet(), detectors, clock, state);
    } catch (IOException e) {
      throw new AgentException("cannot restore detector state from " + state.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    RuleWatcher w = cfg.rules().isEmpty() ? null
        : RuleWatcher.start(cfg.rules(), cfg.builtin(), engine, out::println, Duration.ofSeconds(1));
    out.println("ai-audit: detection: " + r.ruleSet().enabledCount() + " rules from " + r.files().size()
        + " files" + (w == null ? "" : " (reloaded on change)") + ", detectors first-seen" + (cfg.firstSeenImage() ? " (exe, user, image)" : " (exe, user)")
        + ", volume-baseline, rare-time (" + cfg.rareTimeZone()
        + "), rare-lineage (learning " + cfg.learning() + ")");
    DetectWiring d = new DetectWiring(engine, alerts, w, clock);
    d.imageDetector = imageDetector;
    d.images = images;
    return d;
  }

  /** The sensor's read-only resolver (runtimes' on-host metadata) seen through detection's interface. */
  static ImageLookup imageLookup(ContainerImages images) {
    return (id, runtime) -> images.lookup(id, runtime).map(i -> new ImageLookup.Image(i.name(), i.digest()));
  }

  /** The agent's detectors, fresh (no state): one set for the engine, another for a warm-up. */
  static List<Detector> detectors(DetectConfig cfg) {
    return List.of(
        FirstSeenDetector.exeAsset(cfg.learning(), FirstSeenDetector.DEFAULT_MAX_KEYS),
        FirstSeenDetector.userAsset(cfg.learning(), FirstSeenDetector.DEFAULT_MAX_KEYS),
        new VolumeBaselineDetector(Duration.ofMinutes(1), 5, cfg.learning(), VolumeBaselineDetector.DEFAULT_MAX_KEYS),
        new RareTimeDetector(cfg.learning(), ZoneId.of(cfg.rareTimeZone()), RareTimeDetector.DEFAULT_MIN_SHARE,
            RareTimeDetector.DEFAULT_MAX_ASSETS),
        new RareLineageDetector(cfg.learning(), RareLineageDetector.DEFAULT_MAX_LAUNCHES, RareLineageDetector.DEFAULT_MAX_PAIRS));
  }

  /** The journal's downstream hands each acknowledged batch here. */
  void accept(List<RecordedEvent> batch) {
    stage.accept(batch);
  }

  boolean awaitIdle(Duration timeout) throws InterruptedException {
    return stage.awaitIdle(timeout);
  }

  DetectionEngine engine() {
    return engine;
  }

  long failures() {
    return stage.failures();
  }

  private void maybeSave() {
    long now = clock.nowNs();
    if (now - lastSaveNs >= SAVE_EVERY_NS) {
      lastSaveNs = now;
      save();
    }
  }

  private void save() {
    try {
      engine.saveState();
    } catch (IOException e) {
      LOG.warn("cannot save detector state: {}", e.toString()); // one line: a full disk is reported elsewhere too
    }
  }

  /**
   * Stops judging: waits for the stage, returns the throttle's outstanding summaries (to journal
   * before the queue closes) and saves detector state.
   */
  List<AlertEvent> stop() throws InterruptedException {
    if (watcher != null) {
      watcher.close();
    }
    stage.awaitIdle(Duration.ofSeconds(30));
    List<AlertEvent> rest = engine.drain();
    save();
    if (imageDetector != null) { // nothing silent: records whose container image could not be told, and why
      LOG.info("first-seen-image-asset: {} file records from containers of unknown image (no key); resolver {}",
          imageDetector.unknownImage(), images.counters());
    }
    return rest;
  }

  @Override
  public void close() throws InterruptedException {
    stage.close();
  }
}
