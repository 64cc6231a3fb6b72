package dev.aiaudit.cli.fleet;

import dev.aiaudit.export.kafka.FleetCheckpointRecord;
import dev.aiaudit.export.kafka.FleetConsumer;
import dev.aiaudit.journal.format.CheckpointEntry;
import dev.aiaudit.export.kafka.FleetRecord;
import dev.aiaudit.export.kafka.Polled;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.text.SafeText;
import dev.aiaudit.store.pg.ChainFinding;
import dev.aiaudit.store.pg.FleetBatch;
import dev.aiaudit.store.pg.FleetCheckpoint;
import dev.aiaudit.store.pg.FleetRow;
import dev.aiaudit.store.pg.FleetStore;
import dev.aiaudit.store.pg.HostHead;
import dev.aiaudit.store.pg.Rejected;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One {@code serve} worker: poll, verify each host's chain, store in one PostgreSQL transaction, then commit the
 * Kafka offsets. A record that cannot be read is stored as rejected (with partition and offset) and skipped. When
 * PostgreSQL fails, nothing is committed: the consumer rewinds and the poll is retried after a back-off, so a
 * database restart costs time, not records. Replays (after a crash between the two commits) insert nothing and
 * raise no finding.
 */
public final class FleetCollector implements AutoCloseable {
  private final FleetConsumer consumer;
  private final FleetStore store;
  private final PrintStream out;
  private final ChainHash chain = new ChainHash();
  private long stored;
  private long rejected;
  private long findings;
  private long failures;
  private long checkpoints;
  private long rebalanced;
  private boolean storeDown;

  public FleetCollector(FleetConsumer consumer, FleetStore store, PrintStream out) {
    this.consumer = consumer;
    this.store = store;
    this.out = out;
  }

  /** Counters since start. */
  public record Totals(long stored, long rejected, long findings, long failures, long checkpoints) {}

  public Totals totals() {
    return new Totals(stored, rejected, findings, failures, checkpoints);
  }

  /** Polls stored whose offsets could not be committed because the group moved the partitions meanwhile. */
  public long uncommittedAfterRebalance() {
    return rebalanced;
  }

  /** Polls once and stores what came; false when the database refused (the poll will come again). */
  public boolean runOnce(Duration pollTimeout) {
    Polled p = consumer.poll(pollTimeout);
    if (p.isEmpty()) {
      return true;
    }
    try {
      int n = store(p);
      if (!consumer.commit(p)) {
        rebalanced++;
        out.println("ai-audit serve: offsets not committed: the group moved these partitions to another serve while they"
            + " were stored; it reads them again and stores nothing twice");
      }
      stored += n;
      if (storeDown) {
        out.println("ai-audit serve: PostgreSQL is back; storing again");
        storeDown = false;
      }
      return true;
    } catch (SQLException e) {
      failures++;
      if (!storeDown) {
        out.println("ai-audit serve: PostgreSQL unavailable (" + SafeText.escape(String.valueOf(e.getMessage()))
            + "); offsets not committed, retrying");
        storeDown = true;
      }
      consumer.rewind();
      return false;
    }
  }

  /** Runs until {@code stop} says so; backs off up to 5 s while the database is down. */
  public void run(BooleanSupplier stop) throws InterruptedException {
    long backoff = 100;
    while (!stop.getAsBoolean()) {
      if (runOnce(Duration.ofMillis(500))) {
        backoff = 100;
      } else {
        Thread.sleep(backoff);
        backoff = Math.min(5_000, backoff * 2);
      }
    }
  }

  private int store(Polled p) throws SQLException {
    List<Rejected> bad = new ArrayList<>();
    for (Polled.Malformed m : p.malformed()) {
      bad.add(new Rejected(m.topic(), m.partition(), m.offset(), m.problem()));
    }
    List<FleetRecord> good = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    for (FleetRecord r : p.records()) {
      try {
        Event e = EventCodec.decode(r.payload());
        if (!e.host().equals(r.host())) {
          bad.add(new Rejected(consumer.topic(), r.partition(), r.offset(), "record host '" + e.host() + "' differs from key '" + r.host() + "'"));
          continue;
        }
        good.add(r);
        events.add(e);
      } catch (RuntimeException ex) {
        bad.add(new Rejected(consumer.topic(), r.partition(), r.offset(), "value is not an ai-audit record: "
            + SafeText.capped(String.valueOf(ex.getMessage()).lines().findFirst().orElse(""), 300)));
      }
    }
    Set<String> hosts = new LinkedHashSet<>();
    good.forEach(r -> hosts.add(r.host()));
    Map<String, HostHead> stored = hosts.isEmpty() ? Map.of() : store.heads(hosts);
    Map<String, HostHead> heads = new HashMap<>();
    Map<String, Map<Long, String>> known = new HashMap<>();
    for (String h : hosts) {
      HostHead head = stored.getOrDefault(h, HostHead.EMPTY);
      List<Long> old = good.stream().filter(r -> r.host().equals(h) && r.seq() <= head.seq()).map(FleetRecord::seq).toList();
      known.put(h, new HashMap<>(store.hashesAt(h, old)));
      heads.put(h, head);
    }
    List<FleetRow> rows = new ArrayList<>(good.size());
    List<ChainFinding> found = new ArrayList<>();
    for (int i = 0; i < good.size(); i++) {
      FleetRecord r = good.get(i);
      HostHead head = heads.get(r.host());
      Map<Long, String> seen = known.get(r.host());
      boolean ok = chain.of(r.prevHash(), r.seq(), r.timeNs(), r.payload()).equals(r.hash());
      if (!ok) {
        found.add(finding(r, "altered", "record does not match the chain hash it carries (content or seq changed)"));
      }
      if (r.seq() <= head.seq()) {
        String existing = seen.get(r.seq());
        if (existing != null) {
          if (!existing.equals(r.hash())) {
            found.add(finding(r, "conflict", "a different record with seq " + r.seq() + " is already stored (hash " + existing.substring(0, 12) + "...)"));
          }
          continue;
        }
        found.add(finding(r, "reorder", "seq " + r.seq() + " arrived after seq " + head.seq()));
      } else {
        if (r.seq() == head.seq() + 1) {
          if (!r.prevHash().equals(head.hash())) {
            found.add(finding(r, "broken_link", "prev_hash does not equal the hash of seq " + head.seq()));
          }
        } else {
          found.add(finding(r, "gap", "seqs " + (head.seq() + 1) + ".." + (r.seq() - 1) + " missing"));
        }
        heads.put(r.host(), new HostHead(r.seq(), r.hash(), head.records()));
      }
      seen.put(r.seq(), r.hash());
      rows.add(new FleetRow(r.host(), r.seq(), r.timeNs(), events.get(i).classUid(), r.hash(), r.prevHash(), ok,
          new String(r.payload(), StandardCharsets.UTF_8), events.get(i), r.partition(), r.offset()));
    }
    List<FleetCheckpoint> checkpoints = new ArrayList<>(p.checkpoints().size());
    for (FleetCheckpointRecord k : p.checkpoints()) {
      try {
        CheckpointEntry e = CheckpointEntry.decode(ByteBuffer.wrap(k.entry()));
        checkpoints.add(new FleetCheckpoint(k.host(), e.seq(), e.timeNs(), HexFormat.of().formatHex(e.hash()), e.signature(),
            k.publicKey(), k.partition(), k.offset()));
      } catch (RuntimeException ex) {
        bad.add(new Rejected(consumer.topic(), k.partition(), k.offset(), "checkpoint of host '" + k.host() + "' unreadable: "
            + ex.getMessage()));
      }
    }
    int n = store.write(new FleetBatch(rows, found, bad, checkpoints, heads));
    this.checkpoints += checkpoints.size();
    for (Rejected b : bad) {
      out.println("ai-audit serve: rejected " + b.topic() + " partition " + b.partition() + " offset " + b.offset() + ": "
          + SafeText.escape(b.problem()));
    }
    for (ChainFinding f : found) {
      out.println("ai-audit serve: chain " + f.kind() + " host " + SafeText.escape(f.host()) + " seq " + f.seq() + ": " + f.detail()
          + " (partition " + f.partition() + ", offset " + f.offset() + ")");
    }
    rejected += bad.size();
    findings += found.size();
    return n;
  }

  private static ChainFinding finding(FleetRecord r, String kind, String detail) {
    return new ChainFinding(r.host(), r.seq(), kind, detail, r.partition(), r.offset());
  }

  @Override
  public void close() {
    consumer.close();
    store.close();
  }
}
