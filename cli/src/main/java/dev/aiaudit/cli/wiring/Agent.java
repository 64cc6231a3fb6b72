package dev.aiaudit.cli.wiring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.cli.config.AgentConfig;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalSink;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.pipeline.BatchingSink;
import dev.aiaudit.pipeline.PipelineStats;
import dev.aiaudit.sensor.Sensor;
import dev.aiaudit.sensor.SensorConfig;
import dev.aiaudit.sensor.Sensors;
import dev.aiaudit.sensor.proc.LaunchScope;
import dev.aiaudit.sensor.proc.ProcessLaunchSensor;
import dev.aiaudit.store.EventStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: sensor → bounded queue → journal (system of record, acknowledges) → store
 * (query index). Started and stopped as ordered steps (Falco's run_steps); each start step that
 * fails undoes the ones before it and reports one clear error naming the path.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  /** How often the index is checkpointed while records arrive (the age of a query snapshot's base). */
  static final long INDEX_CHECKPOINT_NANOS = 10_000_000_000L;

  private final AgentPlan plan;
  private final PrintStream out;
  private final EventClock clock;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<AutoCloseable> watchers = new ArrayList<>();
  private final dev.aiaudit.cli.config.ExportConfig exportConfig;
  private List<dev.aiaudit.export.Exporter> exporters = List.of();
  private AsyncIndexer indexer;
  private DetectWiring detect;
  private Journal journal;
  private EventStore store;
  private BatchingSink queue;
  /** The queue's downstream: writes batches, forces them on its own thread, hands them on once durable. */
  private JournalSink journalSink;
  private Sensor sensor;
  private ProcessLaunchSensor launches;
  private dev.aiaudit.sensor.gpu.GpuTelemetry gpu;
  private final AttributionCounts attribution = new AttributionCounts();
  private Thread statusWriter;
  private volatile boolean stopped;
  /** Told about each batch once it is indexed (the dashboard's live feed); never blocks the indexer for long. */
  private volatile java.util.function.Consumer<List<RecordedEvent>> indexedListener = batch -> { };
  private volatile String stopProblem;
  private String statusProblem;
  private long checkpointedIndexed;

  private Agent(AgentPlan plan, dev.aiaudit.cli.config.ExportConfig exportConfig, PrintStream out, EventClock clock) {
    this.plan = plan;
    this.exportConfig = exportConfig;
    this.out = out;
    this.clock = clock;
  }

  /** Runs every start step; on failure closes what was opened and rethrows. */
  public static Agent start(AgentConfig config, PrintStream out, EventClock clock) throws AgentException {
    return start(config, dev.aiaudit.cli.config.ExportConfig.NONE, out, clock);
  }

  /** As {@link #start(AgentConfig, PrintStream, EventClock)}, with exporters reading the journal. */
  public static Agent start(AgentConfig config, dev.aiaudit.cli.config.ExportConfig exports, PrintStream out, EventClock clock)
      throws AgentException {
    AgentPlan plan = AgentPlan.of(config, out);
    Agent a = new Agent(plan, exports, out, clock);
    try {
      a.openDataDir();
      a.openJournal();
      a.openStore();
      a.startDetection();
      a.warmUp();
      a.startPipeline();
      a.startExport();
      a.startSensor();
      a.startGpu();
      a.startPolicyWatch();
      a.startHostScans();
      a.startStatusWriter();
    } catch (AgentException | RuntimeException e) {
      a.close();
      throw e;
    }
    return a;
  }

  private void openDataDir() throws AgentException {
    Path dir = plan.config().dataDir();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new AgentException("data directory " + dir.toAbsolutePath() + " is not a directory", null);
    }
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-probe", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new AgentException("data directory " + dir.toAbsolutePath() + " is not writable: " + IoMessages.describe(e), e);
    }
  }

  private void openJournal() throws AgentException {
    Path dir = plan.journalDir();
    try {
      journal = Journal.open(dir, plan.journalOptions());
    } catch (RuntimeException e) {
      throw new AgentException("cannot open the journal at " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    opened.add(journal);
    var rec = journal.recovery();
    if (rec.repaired()) {
      out.println("ai-audit: journal recovery: " + rec.detail());
    }
  }

  private void openStore() throws AgentException {
    Path file = plan.storeFile();
    try {
      store = EventStore.openDuckDb(file);
    } catch (RuntimeException e) {
      throw new AgentException("cannot open the store at " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    opened.add(store);
    if (store.lastSeq() > journal.lastSeq()) {
      // The journal trimmed a torn tail (or lost it): the index must not keep records the journal no
      // longer has, or the new records that reuse their seqs would be skipped as already indexed.
      long before = store.lastSeq();
      long n = store.truncateAfter(journal.lastSeq());
      out.println("ai-audit: index cut back to the journal's end: removed " + n + " rows after seq " + journal.lastSeq()
          + " (the index went up to seq " + before + ")");
    }
    long from = store.lastSeq() + 1;
    if (from <= journal.lastSeq()) {
      long n = StoreCatchUp.replay(plan.journalDir(), store, from);
      out.println("ai-audit: store caught up from the journal: " + n + " records (seq " + from + ".." + journal.lastSeq() + ")");
    }
  }

  /** Loads the rules (a broken rule file stops the start) and starts the detection stage. */
  private void startDetection() throws AgentException {
    // Alerts end the queue's linger: the records they cite are durable, the alert should follow at once.
    detect = DetectWiring.start(plan.config().detect(), plan.config().dataDir(), clock, out, alerts -> queue.offerAllPromptly(alerts));
  }

  /**
   * Before the sensor is attached: warm records through a throwaway journal and a scratch detection
   * engine (see {@link PipelineWarmUp}), {@code detect.warm_up} records (0 = off). A failure only
   * costs the warm-up: it is reported and the start goes on.
   */
  private void warmUp() {
    int n = plan.config().detect().warmUp();
    if (detect == null || n == 0) {
      return;
    }
    var p = plan.config().pipeline();
    try {
      var r = PipelineWarmUp.run(plan.config().dataDir(), plan.journalOptions(), p.queueSize(), p.batchSize(), p.linger(),
          detect.engine().rules(), DetectWiring.detectors(plan.config().detect()), n);
      out.printf("ai-audit: warm-up: %,d records through a throwaway journal and detection in %.1f s (CPU %.1f s; detect.warm_up: 0 turns it off)%n",
          r.records(), r.wallNs() / 1e9, r.cpuNs() / 1e9);
    } catch (IOException | RuntimeException e) {
      out.println("ai-audit: warm-up skipped: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void startPipeline() {
    indexer = new AsyncIndexer(this::index, 16);
    journalSink = new JournalSink(journal, detect == null ? indexer : batch -> {
      detect.accept(batch); // first: a full index queue blocks this thread, and alerts should not wait for DuckDB
      indexer.accept(batch);
    });
    queue = BatchingSink.builder(journalSink)
        .setQueueSize(plan.config().pipeline().queueSize())
        .setMaxBatch(plan.config().pipeline().batchSize())
        .setLinger(plan.config().pipeline().linger())
        .setHost(plan.host())
        .setClock(clock)
        .build();
  }

  /**
   * Exporters read the journal from their own cursors; an unreachable sink only builds backlog. They are closed
   * before the journal (opened later, closed earlier).
   */
  private void startExport() throws AgentException {
    if (exportConfig.sinks().isEmpty()) {
      return;
    }
    try {
      exporters = ExportWiring.build(exportConfig, ExportWiring.source(journal), () -> ExportWiring.checkpoints(journal),
          plan.config().dataDir(), plan.host(), queue::offer);
    } catch (Exception e) {
      throw new AgentException("cannot set up the exporters: " + e.getMessage(), e);
    }
    for (var ex : exporters) {
      opened.add(ex.start());
      out.println("ai-audit: export '" + ex.name() + "' to " + ex.stats().destination() + " from seq " + (ex.stats().ackedSeq() + 1));
    }
  }

  /** The running exporters (for status and tests). */
  public List<dev.aiaudit.export.Exporter> exporters() {
    return exporters;
  }

  /** Runs on the indexer thread; the store commits in windows of its own (and on flush/close). */
  private void index(List<RecordedEvent> recorded) {
    store.insert(recorded);
    try {
      indexedListener.accept(recorded);
    } catch (RuntimeException e) {
      LOG.debug("indexed-batch listener failed", e);
    }
  }

  /** Sets who hears about indexed batches (one listener; the dashboard). */
  public void onIndexed(java.util.function.Consumer<List<RecordedEvent>> listener) {
    indexedListener = java.util.Objects.requireNonNull(listener, "listener");
  }

  /** The index (queries from any thread; the agent is its only writer). */
  public EventStore store() {
    return store;
  }

  /** The host name written into records. */
  public String host() {
    return plan.host();
  }

  /** The journal directory ({@code <data-dir>/journal}). */
  public Path journalDir() {
    return plan.journalDir();
  }

  /** The data directory. */
  public Path dataDir() {
    return plan.config().dataDir();
  }

  private void startSensor() throws AgentException {
    SensorConfig sc = plan.sensorConfig(clock);
    java.util.function.Consumer<dev.aiaudit.model.Event> sink = e -> {
      attribution.count(e);
      queue.offer(e);
    };
    // launches first: the process table they share with the file sensor then starts before any file event
    launches = ProcessLaunchSensor.create(sc, sink, LaunchScope.parse(plan.config().watch().processLaunches()), null);
    launches.start();
    sensor = Sensors.create(sc, sink);
    try {
      sensor.start();
    } catch (Exception e) {
      throw new AgentException("cannot start the sensor: " + e.getMessage(), e);
    }
    out.println("ai-audit: watching " + plan.describeTargets());
    out.println("ai-audit: sensor " + sensor.description());
    out.println("ai-audit: " + launches.description());
    out.println("ai-audit: journal " + plan.journalDir() + " (fsync " + plan.config().journal().fsync() + "), store " + plan.storeFile());
  }

  /**
   * GPU telemetry (NVML): per-GPU and per-process samples and process sessions enter the same queue, attributed through
   * the process table the file sensor uses. Without NVML: one line and a sensor record, unless {@code gpu.enabled: true}.
   */
  private void startGpu() throws AgentException {
    var g = plan.config().gpu();
    if (g.off()) {
      return;
    }
    var resolver = dev.aiaudit.sensor.proc.ProcessResolver.system();
    try {
      gpu = dev.aiaudit.sensor.gpu.GpuTelemetry.start(null, g.interval(), g.required(), plan.host(), clock,
          resolver::resolve, queue::offer, out);
    } catch (dev.aiaudit.sensor.gpu.NvmlException e) {
      throw new AgentException("gpu.enabled is true but GPU telemetry cannot start: " + e.getMessage(), e);
    }
    if (gpu != null) {
      out.println("ai-audit: GPU telemetry " + gpu.description());
    }
  }

  /**
   * Policy watch inside the agent: each manifest directory is re-evaluated on change, and every
   * change of compliance state enters the same queue as the sensor's events, so findings are
   * journaled (hash-chained, signed) and indexed like everything else.
   */
  private void startPolicyWatch() throws AgentException {
    if (plan.config().policyManifests().isEmpty()) {
      return;
    }
    dev.aiaudit.policy.admission.AdmissionPolicy policy;
    try {
      var engine = dev.aiaudit.policy.PolicyEngine.builder(dev.aiaudit.policy.PolicyLibrary.load(List.of())).build();
      policy = dev.aiaudit.policy.admission.EngineAdmissionPolicy.allOf(List.of(
          new dev.aiaudit.policy.admission.RequiredAnnotationsPolicy(),
          new dev.aiaudit.policy.admission.EngineAdmissionPolicy(engine)));
    } catch (Exception e) {
      throw new AgentException("cannot load the built-in policies: " + e.getMessage(), e);
    }
    for (Path dir : plan.config().policyManifests()) {
      if (!Files.isDirectory(dir)) {
        throw new AgentException("policy manifest directory " + dir.toAbsolutePath() + " does not exist", null);
      }
      var tracker = new dev.aiaudit.policy.watch.ComplianceTracker(policy, java.time.Clock.systemUTC());
      try {
        var watcher = new dev.aiaudit.policy.watch.ManifestWatcher(dir,
            () -> dev.aiaudit.policy.inventory.InventoryBuilder.create().manifests(List.of(dir)).build(),
            tracker,
            findings -> findings.forEach(f -> queue.offer(JournalFindingSink.toEvent(f, plan.host()))),
            issues -> issues.forEach(i -> out.println("ai-audit: policy watch: " + i.format())),
            Duration.ofMillis(300)).start();
        watchers.add(watcher);
      } catch (IOException e) {
        throw new AgentException("cannot watch policy manifests in " + dir.toAbsolutePath() + ": " + IoMessages.describe(e), e);
      }
      out.println("ai-audit: policy watch on " + dir + " (findings are journaled)");
    }
  }

  /** Host scans at start and every {@code scan.every}; changed verdicts enter the queue as compliance findings. */
  private void startHostScans() throws AgentException {
    var sc = plan.config().scan();
    if (!sc.enabled()) {
      return;
    }
    var known = dev.aiaudit.scan.Scanner.builtin().profiles().stream().map(dev.aiaudit.scan.ProfileInfo::id).toList();
    for (String p : sc.profiles()) {
      if (!known.contains(p)) {
        throw new AgentException("scan.profiles: unknown profile '" + p + "' (known: " + String.join(", ", known) + ")", null);
      }
    }
    watchers.add(HostScans.start(sc, plan.host(), ScanEvidence.lastStates(store), queue::offer, clock, out));
    out.println("ai-audit: host scan (" + String.join(", ", sc.profiles()) + ") at start and every " + sc.every()
        + " (changed verdicts are journaled)");
  }

  private void startStatusWriter() {
    statusWriter = Thread.ofPlatform().name("ai-audit-status").daemon(true).start(() -> {
      long lastCheckpoint = System.nanoTime();
      while (!stopped) {
        writeStatus();
        if (System.nanoTime() - lastCheckpoint >= INDEX_CHECKPOINT_NANOS) {
          lastCheckpoint = System.nanoTime();
          checkpointIndex();
        }
        try {
          Thread.sleep(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  /**
   * Commits and checkpoints the index every {@link #INDEX_CHECKPOINT_NANOS} while records arrive, so the
   * snapshot that {@code query} copies while the agent runs is recent (query then reads the journal past it).
   */
  private void checkpointIndex() {
    long n = indexer.indexed();
    if (n == checkpointedIndexed) {
      return;
    }
    try {
      store.checkpoint();
      checkpointedIndexed = n;
    } catch (RuntimeException e) {
      LOG.debug("index checkpoint failed", e);
    }
  }

  /** {@code <data-dir>/status.json}: the agent's counters, rewritten atomically every 5 s. */
  void writeStatus() {
    PipelineStats p = queue.stats();
    var s = sensor.stats();
    String cpProblem = journal.checkpointProblem();
    long now = clock.nowNs();
    ObjectNode doc = StatusJson.object();
    doc.put("time", Instant.ofEpochSecond(0, now).toString()).put("sensor", sensor.description());
    doc.set("sensor_stats", StatusJson.tree(s));
    doc.set("attribution", StatusJson.parse(attribution.json()));
    if (sensor.strictStats() != null) {
      doc.put("strict_attribution", sensor.strictStats());
    }
    if (launches != null) {
      doc.set("process_launches", StatusJson.tree(launches.stats()));
    }
    if (gpu != null) {
      doc.put("gpu", gpu.stats());
    }
    doc.putObject("pipeline").put("offered", p.offered()).put("dropped", p.dropped()).put("delivered", p.delivered())
        .put("failed_batches", p.failedBatches()).put("failed_events", p.failedEvents()).put("queued", p.queued())
        .put("journal_failing", p.failing()).put("failed_attempts", p.failedAttempts())
        .put("unreported_drops", p.unreportedDrops()).put("last_failure", p.lastFailure());
    doc.putObject("journal").put("last_seq", journal.lastSeq()).put("last_hash", journal.lastHash())
        .put("checkpoint_seq", journal.checkpointSeq()).put("checkpoint_problem", cpProblem);
    doc.putObject("store").put("indexed", indexer.indexed()).put("failures", indexer.failures());
    if (detect != null) {
      var d = detect.engine().stats();
      doc.putObject("detect").put("evaluated", d.evaluated()).put("matched", d.matched()).put("alerts", d.alerts())
          .put("suppressed", d.suppressed()).put("excepted", d.excepted()).put("eval_errors", d.evalErrors())
          .put("failures", detect.failures());
    }
    doc.set("export", StatusJson.parse(ExportWiring.statusJson(exporters)));
    String json = StatusJson.write(doc);
    Path f = plan.config().dataDir().resolve("status.json");
    Path tmp = plan.config().dataDir().resolve(".status.json.tmp");
    try {
      Files.writeString(tmp, json, StandardCharsets.UTF_8);
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      if (statusProblem != null) {
        LOG.warn("{} is written again", f);
        statusProblem = null;
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the disk is full or gone: nothing more to do
      }
      if (statusProblem == null) {
        LOG.warn("cannot write {}: {} (logged once until it works again)", f, IoMessages.describe(e));
      }
      statusProblem = IoMessages.describe(e);
    }
  }

  /** The detection engine, or {@code null} when detection is off. */
  public dev.aiaudit.detect.DetectionEngine detection() {
    return detect == null ? null : detect.engine();
  }

  public Sensor sensor() {
    return sensor;
  }

  /** The process launch source (Launch records, process-event losses), or {@code null} before start. */
  public Sensor launches() {
    return launches;
  }

  /** File records by attribution so far: exact, inherited-from-parent, unknown. */
  public AttributionCounts attribution() {
    return attribution;
  }

  public BatchingSink queue() {
    return queue;
  }

  public Journal journal() {
    return journal;
  }

  /** Flushes the queue through journal and store; for tests and orderly stops. */
  public boolean flush(Duration timeout) throws InterruptedException {
    boolean done = queue.flush(timeout);
    if (detect != null) { // alerts raised by the batches just journaled enter the queue: journal them too
      done = done && detect.awaitIdle(timeout) && queue.flush(timeout);
    }
    done = done && indexer.awaitIdle(timeout);
    store.flush();
    return done;
  }

  /**
   * Null after a clean stop; otherwise why the stop was not clean (events that could not be journaled,
   * drops that could not be recorded, or a final checkpoint that could not be written).
   */
  public String stopProblem() {
    return stopProblem;
  }

  /** Stop steps, in reverse: sensor, queue (drained into the journal), journal (final checkpoint), store. */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    List<String> problems = new ArrayList<>();
    if (sensor != null) {
      try {
        sensor.close();
      } catch (Exception e) {
        LOG.warn("sensor close failed", e);
      }
    }
    if (launches != null) {
      launches.close();
    }
    if (gpu != null) {
      gpu.close(); // its open sessions end (agent_stopped) and are journaled by the drain below
    }
    for (AutoCloseable w : watchers) {
      try {
        w.close();
      } catch (Exception e) {
        LOG.warn("policy watch close failed", e);
      }
    }
    if (queue != null) {
      try {
        boolean failing = queue.stats().failing();
        if (!failing) {
          queue.flush(Duration.ofSeconds(30));
        } // else: close() retries for its own timeout, then counts what it could not write
        if (detect != null) {
          queue.offerAll(detect.stop()); // throttled matches still counted become summary alerts
          if (!failing) {
            queue.flush(Duration.ofSeconds(30));
            detect.awaitIdle(Duration.ofSeconds(30));
            queue.flush(Duration.ofSeconds(30));
          }
          detect.close();
        }
        queue.close();
        try {
          journalSink.drain(); // what the queue delivered last: forced and handed to the index before it closes
        } catch (RuntimeException e) {
          problems.add(e.getMessage());
        }
        indexer.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problems.add("interrupted while draining the queue");
      }
      PipelineStats p = queue.stats();
      if (p.failedEvents() > 0) {
        problems.add(p.failedEvents() + " events could not be journaled (" + p.lastFailure() + ")");
      }
      if (p.unreportedDrops() > 0) {
        problems.add(p.unreportedDrops() + " dropped events could not be recorded as events_dropped");
      }
      writeStatus();
    }
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        if (opened.get(i) == journal) {
          problems.add(e.getMessage());
        } else {
          LOG.warn("close of {} failed: {}", opened.get(i), e.getMessage());
        }
      }
    }
    stopProblem = problems.isEmpty() ? null : String.join("; ", problems);
  }
}
