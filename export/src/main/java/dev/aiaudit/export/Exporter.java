package dev.aiaudit.export;

import dev.aiaudit.export.cursor.CursorException;
import dev.aiaudit.export.cursor.CursorFile;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves records from the journal to one sink. A single thread reads from the cursor on, filters, sends a batch,
 * and only when the sink acknowledged it stores the cursor (the seq and hash of the last record read, filtered
 * ones included). A failed batch is sent again after a back-off (100 ms doubling to {@code maxBackoff}); nothing
 * is skipped. When the backlog reaches {@code backlogThreshold} one {@link SensorEvent.Kind#EXPORT_BACKLOG}
 * record goes to {@code selfReport} (the agent's queue, so the journal holds it), and another once it has fallen
 * below half the threshold and risen again.
 */
public final class Exporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

  private final String name;
  private final RecordSource source;
  private final SinkTransport transport;
  private final CursorFile cursor;
  private final RecordFilter filter;
  private final int maxBatch;
  private final Duration idlePoll;
  private final Duration maxBackoff;
  private final long backlogThreshold;
  private final String host;
  private final Consumer<Event> selfReport;
  private final CheckpointSource checkpoints;
  private final List<SignedCheckpoint> pendingCheckpoints = new ArrayList<>();
  private volatile long checkpointsShipped;
  private final Object lock = new Object();
  private Thread thread;
  private volatile boolean stopping;
  private volatile CursorFile.Position position = CursorFile.Position.START;
  private volatile long durable;
  private volatile long sent;
  private volatile long filteredCount;
  private volatile long failedAttempts;
  private volatile String lastError;
  private boolean backlogReported;

  private Exporter(Builder b) {
    this.name = b.name;
    this.source = b.source;
    this.transport = b.transport;
    this.cursor = b.cursor;
    this.filter = b.filter;
    this.maxBatch = b.maxBatch;
    this.idlePoll = b.idlePoll;
    this.maxBackoff = b.maxBackoff;
    this.backlogThreshold = b.backlogThreshold;
    this.host = b.host;
    this.selfReport = b.selfReport;
    this.checkpoints = b.checkpoints;
  }

  public static Builder builder(String name, RecordSource source, SinkTransport transport, CursorFile cursor) {
    return new Builder(name, source, transport, cursor);
  }

  /** Loads the cursor (an unreadable one is reported and the export starts over) and starts the thread. */
  public Exporter start() {
    try {
      position = cursor.load();
    } catch (CursorException e) {
      reset("cursor " + e.getMessage() + "; exporting from seq 1 again");
    }
    durable = source.durableSeq();
    thread = Thread.ofPlatform().name("ai-audit-export-" + name).daemon(true).start(this::run);
    return this;
  }

  public String name() {
    return name;
  }

  public ExportStats stats() {
    long acked = position.seq();
    long d = Math.max(durable, acked);
    return new ExportStats(name, transport.describe(), acked, d, d - acked, sent, filteredCount, failedAttempts, lastError);
  }

  /** Waits until the sink acknowledged everything durable now (or the timeout passed); true when it did. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    long target = source.durableSeq();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (position.seq() < target) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  private void run() {
    while (!stopping) {
      try {
        durable = source.durableSeq();
        checkBacklog();
        if (position.seq() >= durable) {
          shipCheckpoints();
          pause(idlePoll);
          continue;
        }
        pass();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        lastError = "reading the journal: " + e.getMessage();
        LOG.warn("export {}: {}", name, lastError, e);
        try {
          pause(maxBackoff);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** One pass over the journal from the cursor up to the durable seq, in batches. */
  private void pass() throws InterruptedException {
    CursorFile.Position start = position;
    long limit = durable;
    long from = Math.max(1, start.seq());
    try (Stream<RecordedEvent> s = source.read(from)) {
      Iterator<RecordedEvent> it = s.iterator();
      String prev = start.hash();
      if (start.seq() > 0) {
        if (!it.hasNext()) {
          reset("cursor at seq " + start.seq() + " is past the end of the journal; exporting from seq 1 again");
          return;
        }
        RecordedEvent at = it.next();
        if (at.seq() != start.seq() || !at.hash().equals(start.hash())) {
          reset("cursor at seq " + start.seq() + " does not match the journal's record there (journal replaced?); exporting from seq 1 again");
          return;
        }
      }
      List<ExportRecord> batch = new ArrayList<>(Math.min(maxBatch, 4096));
      long readUpTo = start.seq();
      String readHash = start.hash();
      while (!stopping && it.hasNext()) {
        RecordedEvent r = it.next();
        if (r.seq() > limit) {
          break;
        }
        int sev = Severity.idOf(r.event());
        if (filter.accepts(r.event(), sev)) {
          batch.add(new ExportRecord(r.seq(), r.hash(), prev, r.event(), dev.aiaudit.model.EventCodec.encode(r.event()), sev));
        } else {
          filteredCount++;
        }
        prev = r.hash();
        readUpTo = r.seq();
        readHash = r.hash();
        if (batch.size() >= maxBatch || readUpTo - position.seq() >= 16L * maxBatch) {
          if (!deliver(batch, new CursorFile.Position(readUpTo, readHash))) {
            return;
          }
          batch.clear();
        }
      }
      if (readUpTo > position.seq()) {
        deliver(batch, new CursorFile.Position(readUpTo, readHash));
      }
    }
  }

  /** Sends until acknowledged (or stopping); then stores the cursor. False when stopping cut it short. */
  private boolean deliver(List<ExportRecord> batch, CursorFile.Position upTo) throws InterruptedException {
    long backoff = 100;
    while (!stopping) {
      try {
        if (!batch.isEmpty()) {
          transport.send(batch);
        }
        sent += batch.size();
        lastError = null;
        try {
          cursor.store(upTo);
        } catch (java.io.IOException e) {
          // the sink has the records; an unsaved cursor only means they are sent again after a restart
          lastError = "cannot store cursor " + cursor.file() + ": " + e.getMessage();
          LOG.warn("export {}: {}", name, lastError);
        }
        position = upTo;
        checkBacklog();
        shipCheckpoints();
        return true;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        failedAttempts++;
        lastError = String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        LOG.debug("export {}: batch of {} not acknowledged: {}", name, batch.size(), lastError);
        durable = source.durableSeq();
        checkBacklog();
        pause(Duration.ofMillis(backoff));
        backoff = Math.min(backoff * 2, maxBackoff.toMillis());
      }
    }
    return false;
  }

  /**
   * Sends the journal's signed checkpoints whose seq the sink has acknowledged, when the transport carries them
   * (Kafka). A checkpoint is written after the records it covers, so one may appear after the cursor passed its seq:
   * it goes with the next batch or the next idle pass. A failure is counted and tried again; it never holds up the
   * records. After a restart every checkpoint is shipped again (the collector keeps each once).
   */
  private void shipCheckpoints() {
    if (checkpoints == null || !(transport instanceof CheckpointTransport ct)) {
      return;
    }
    try {
      pendingCheckpoints.addAll(checkpoints.next());
      long acked = position.seq();
      List<SignedCheckpoint> ready = pendingCheckpoints.stream().filter(c -> c.seq() <= acked).toList();
      if (ready.isEmpty()) {
        return;
      }
      ct.sendCheckpoints(host, ready);
      pendingCheckpoints.removeAll(ready);
      checkpointsShipped += ready.size();
    } catch (Exception e) {
      failedAttempts++;
      lastError = "signed checkpoints not sent: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      LOG.debug("export {}: {}", name, lastError);
    }
  }

  /** Signed checkpoints the sink acknowledged since start (0 for sinks that do not carry them). */
  public long checkpointsShipped() {
    return checkpointsShipped;
  }

  private void checkBacklog() {
    long backlog = Math.max(0, durable - position.seq());
    if (!backlogReported && backlog >= backlogThreshold) {
      backlogReported = true;
      selfReport.accept(new SensorEvent(System.currentTimeMillis() * 1_000_000L, host, SensorEvent.Kind.EXPORT_BACKLOG, backlog,
          "export '" + name + "' to " + transport.describe() + ": " + backlog + " records not acknowledged (threshold "
              + backlogThreshold + ")" + (lastError == null ? "" : "; last error: " + lastError)));
    } else if (backlogReported && backlog < backlogThreshold / 2) {
      backlogReported = false;
    }
  }

  private void reset(String why) {
    LOG.warn("export {}: {}", name, why);
    position = CursorFile.Position.START;
    selfReport.accept(new SensorEvent(System.currentTimeMillis() * 1_000_000L, host, SensorEvent.Kind.EXPORT_CURSOR_RESET, 0,
        "export '" + name + "': " + why));
  }

  private void pause(Duration d) throws InterruptedException {
    synchronized (lock) {
      if (!stopping) {
        lock.wait(Math.max(1, d.toMillis()));
      }
    }
  }

  /** Stops the thread (an unacknowledged batch stays unacknowledged: it is sent again next start) and the transport. */
  @Override
  public void close() {
    stopping = true;
    synchronized (lock) {
      lock.notifyAll();
    }
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(10));
        if (thread.isAlive()) {
          thread.interrupt();
          thread.join(Duration.ofSeconds(5));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    transport.close();
  }

  /** Builder: name, source, transport and cursor are required; the rest has defaults. */
  public static final class Builder {
    public static final int DEFAULT_MAX_BATCH = 512;
    public static final long DEFAULT_BACKLOG_THRESHOLD = 100_000;
    private final String name;
    private final RecordSource source;
    private final SinkTransport transport;
    private final CursorFile cursor;
    private RecordFilter filter = RecordFilter.ALL;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private Duration idlePoll = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private long backlogThreshold = DEFAULT_BACKLOG_THRESHOLD;
    private String host = "localhost";
    private Consumer<Event> selfReport = e -> { };
    private CheckpointSource checkpoints;

    private Builder(String name, RecordSource source, SinkTransport transport, CursorFile cursor) {
      this.name = Objects.requireNonNull(name, "name");
      this.source = Objects.requireNonNull(source, "source");
      this.transport = Objects.requireNonNull(transport, "transport");
      this.cursor = Objects.requireNonNull(cursor, "cursor");
    }

    public Builder setFilter(RecordFilter f) {
      this.filter = Objects.requireNonNull(f, "filter");
      return this;
    }

    public Builder setMaxBatch(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("max batch must be >= 1");
      }
      this.maxBatch = n;
      return this;
    }

    public Builder setIdlePoll(Duration d) {
      this.idlePoll = Objects.requireNonNull(d, "idlePoll");
      return this;
    }

    public Builder setMaxBackoff(Duration d) {
      if (d.toMillis() < 1) {
        throw new IllegalArgumentException("max backoff must be >= 1ms");
      }
      this.maxBackoff = d;
      return this;
    }

    public Builder setBacklogThreshold(long n) {
      if (n < 1) {
        throw new IllegalArgumentException("backlog threshold must be >= 1");
      }
      this.backlogThreshold = n;
      return this;
    }

    public Builder setHost(String h) {
      this.host = Objects.requireNonNull(h, "host");
      return this;
    }

    public Builder setSelfReport(Consumer<Event> c) {
      this.selfReport = Objects.requireNonNull(c, "selfReport");
      return this;
    }

    /** The journal's signed checkpoints, shipped by transports that carry them ({@link CheckpointTransport}). */
    public Builder setCheckpoints(CheckpointSource c) {
      this.checkpoints = Objects.requireNonNull(c, "checkpoints");
      return this;
    }

    public Exporter build() {
      return new Exporter(this);
    }
  }
}
