package dev.aiaudit.cli.wiring;

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

  private final AgentPlan plan;
  private final PrintStream out;
  private final EventClock clock;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<AutoCloseable> watchers = new ArrayList<>();
  private AsyncIndexer indexer;
  private Journal journal;
  private EventStore store;
  private BatchingSink queue;
  private Sensor sensor;
  private ProcessLaunchSensor launches;
  private final AttributionCounts attribution = new AttributionCounts();
  private Thread statusWriter;
  private volatile boolean stopped;

  private Agent(AgentPlan plan, PrintStream out, EventClock clock) {
    this.plan = plan;
    this.out = out;
    this.clock = clock;
  }

  /** Runs every start step; on failure closes what was opened and rethrows. */
  public static Agent start(AgentConfig config, PrintStream out, EventClock clock) throws AgentException {
    AgentPlan plan = AgentPlan.of(config, out);
    Agent a = new Agent(plan, out, clock);
    try {
      a.openDataDir();
      a.openJournal();
      a.openStore();
      a.startPipeline();
      a.startSensor();
      a.startPolicyWatch();
      a.startStatusWriter();
    } catch (AgentException | RuntimeException e) {
      a.close();
      throw e;
    }
    return a;
  }

  private void openDataDir() throws AgentException {
    Path dir = plan.config().dataDir();
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
    long from = store.lastSeq() + 1;
    if (from <= journal.lastSeq()) {
      long n = StoreCatchUp.replay(plan.journalDir(), store, from);
      out.println("ai-audit: store caught up from the journal: " + n + " records (seq " + from + ".." + journal.lastSeq() + ")");
    }
  }

  private void startPipeline() {
    indexer = new AsyncIndexer(this::index, 16);
    JournalSink journalSink = new JournalSink(journal, indexer);
    queue = BatchingSink.builder(journalSink)
        .setQueueSize(plan.config().pipeline().queueSize())
        .setMaxBatch(plan.config().pipeline().batchSize())
        .setLinger(plan.config().pipeline().linger())
        .setHost(plan.host())
        .setClock(clock)
        .build();
  }

  /** Runs on the indexer thread; the store commits in windows of its own (and on flush/close). */
  private void index(List<RecordedEvent> recorded) {
    store.insert(recorded);
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
            issues -> issues.forEach(i -> out.println("ai-audit: policy watch: " + i.render())),
            Duration.ofMillis(300)).start();
        watchers.add(watcher);
      } catch (IOException e) {
        throw new AgentException("cannot watch policy manifests in " + dir.toAbsolutePath() + ": " + IoMessages.describe(e), e);
      }
      out.println("ai-audit: policy watch on " + dir + " (findings are journaled)");
    }
  }

  private void startStatusWriter() {
    statusWriter = Thread.ofPlatform().name("ai-audit-status").daemon(true).start(() -> {
      while (!stopped) {
        writeStatus();
        try {
          Thread.sleep(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  /** {@code <data-dir>/status.json}: the agent's counters, rewritten atomically every 5 s. */
  void writeStatus() {
    PipelineStats p = queue.stats();
    var s = sensor.stats();
    String json = "{\"time\":\"" + Instant.now() + "\",\"sensor\":\"" + Json.escape(sensor.description()) + "\""
        + ",\"sensor_stats\":\"" + Json.escape(String.valueOf(s)) + "\""
        + ",\"attribution\":" + attribution.json()
        + (launches == null ? "" : ",\"process_launches\":\"" + Json.escape(String.valueOf(launches.stats())) + "\"")
        + ",\"pipeline\":{\"offered\":" + p.offered() + ",\"dropped\":" + p.dropped() + ",\"delivered\":" + p.delivered()
        + ",\"failed_batches\":" + p.failedBatches() + ",\"failed_events\":" + p.failedEvents() + ",\"queued\":" + p.queued() + "}"
        + ",\"journal\":{\"last_seq\":" + journal.lastSeq() + ",\"last_hash\":\"" + journal.lastHash() + "\"}"
        + ",\"store\":{\"indexed\":" + indexer.indexed() + ",\"failures\":" + indexer.failures() + "}}\n";
    Path f = plan.config().dataDir().resolve("status.json");
    try {
      Path tmp = plan.config().dataDir().resolve(".status.json.tmp");
      Files.writeString(tmp, json, StandardCharsets.UTF_8);
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("cannot write {}", f, e);
    }
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
    boolean done = queue.flush(timeout) && indexer.awaitIdle(timeout);
    store.flush();
    return done;
  }

  /** Stop steps, in reverse: sensor, queue (drained into the journal), journal (final checkpoint), store. */
  @Override
  public void close() {
    if (stopped) {
      return;
    }
    stopped = true;
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
    for (AutoCloseable w : watchers) {
      try {
        w.close();
      } catch (Exception e) {
        LOG.warn("policy watch close failed", e);
      }
    }
    if (queue != null) {
      try {
        queue.flush(Duration.ofSeconds(30));
        queue.close();
        indexer.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      writeStatus();
    }
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        LOG.warn("close of {} failed", opened.get(i), e);
      }
    }
  }
}
