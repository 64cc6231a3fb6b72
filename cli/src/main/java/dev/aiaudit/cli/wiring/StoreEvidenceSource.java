package dev.aiaudit.cli.wiring;

import dev.aiaudit.journal.JournalVerifier;
import dev.aiaudit.journal.VerifyResult;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.policy.Evidence;
import dev.aiaudit.policy.EvidenceRecord;
import dev.aiaudit.policy.EvidenceSource;
import dev.aiaudit.policy.JournalVerification;
import dev.aiaudit.policy.RetainedRecord;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.EventSearch;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.store.pg.FleetStore;
import dev.aiaudit.cli.fleet.FleetVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runtime evidence for {@code auditIfNotExists} policies, answered from the agent's own records:
 * the DuckDB store (read-only) for events, the journal for verification, the configuration for
 * retention. Every answer cites the journal records (seq, hash) it counted; weight alerts are the
 * journaled detection alerts (OCSF 2004) that cite the deployment's weight accesses; GPU energy telemetry
 * ({@code gpu.telemetry}) is answered by {@link GpuEvidence}. Questions this build cannot answer (oversight
 * events) are {@code unknown} with the reason, never a guess.
 */
public final class StoreEvidenceSource implements EvidenceSource {
  private final Path dataDir;
  private final String fleetUrl;
  private final Duration retention;

  public StoreEvidenceSource(Path dataDir, Duration retention) {
    this(dataDir, null, retention);
  }

  private StoreEvidenceSource(Path dataDir, String fleetUrl, Duration retention) {
    this.dataDir = dataDir;
    this.fleetUrl = fleetUrl;
    this.retention = retention;
  }

  /**
   * The same questions answered from the fleet store that {@code ai-audit serve} fills ({@code postgresql://...}):
   * events through the same queries, verification by {@link FleetVerifier} over every host. A cited seq is the
   * seq of the host that the record's {@code host} names.
   */
  public static StoreEvidenceSource fleet(String url, Duration retention) {
    return new StoreEvidenceSource(null, url, retention);
  }

  /** {@code host:pod/<uid>}, {@code host:container/<id>} or {@code host:<id>} → the container or pod id. */
  static String runtimeId(String deploymentId) {
    if (!deploymentId.startsWith("host:")) {
      return null;
    }
    String id = deploymentId.substring(5);
    if (id.startsWith("exe/")) {
      return null; // grouped by executable only: no container or pod to ask about
    }
    int slash = id.indexOf('/');
    return slash >= 0 && (id.startsWith("pod/") || id.startsWith("container/")) ? id.substring(slash + 1) : id;
  }

  @Override
  public Evidence<Long> events(String deploymentId, String kind, Instant since) {
    String rid = runtimeId(deploymentId);
    if (rid == null) {
      return Evidence.unknown("no runtime identity for " + deploymentId + ": the store knows containers and pods, "
          + "not manifest names (use host discovery: policy eval --from-store)");
    }
    Predicate<FileEvent> match;
    EventQuery.Builder q = EventQuery.builder().container(rid).from(since).limit(0);
    switch (kind == null ? "" : kind) {
      case "" -> match = e -> true;
      case "model.load" -> {
        q.assetKinds(EnumSet.of(AssetKind.MODEL_WEIGHTS)).activities(EnumSet.of(FileActivity.OPEN));
        match = e -> true;
      }
      case "gpu.telemetry" -> {
        return GpuEvidence.energySamples(this::open, rid, since);
      }
      default -> {
        return Evidence.unknown("this build records no '" + kind + "' events");
      }
    }
    return count(q.build(), match, "events of " + rid + (kind.isEmpty() ? "" : " (" + kind + ")") + " since " + since);
  }

  @Override
  public Evidence<Long> unapprovedWeightReads(String deploymentId, Set<String> approved, Instant since) {
    String rid = runtimeId(deploymentId);
    if (rid == null) {
      return Evidence.unknown("no runtime identity for " + deploymentId);
    }
    EventQuery q = EventQuery.builder().container(rid).from(since).limit(0)
        .assetKinds(EnumSet.of(AssetKind.MODEL_WEIGHTS))
        .activities(EnumSet.of(FileActivity.OPEN, FileActivity.READ)).build();
    return count(q, e -> !approved.contains("uid:" + e.process().uid())
        && !(e.process().exe() != null && approved.contains("exe:" + e.process().exe())),
        "weight reads of " + rid + " by principals outside " + approved);
  }

  @Override
  public Evidence<Long> weightAlerts(String deploymentId, Instant since) {
    String rid = runtimeId(deploymentId);
    if (rid == null) {
      return Evidence.unknown("no runtime identity for " + deploymentId);
    }
    // the deployment's weight accesses since then, by seq; an alert counts when it cites one of them
    java.util.Set<Long> weightSeqs = new java.util.HashSet<>();
    long[] n = {0};
    List<EvidenceRecord> cited = new ArrayList<>();
    try (EventSearch s = open()) {
      s.query(EventQuery.builder().container(rid).from(since).limit(0).assetKinds(EnumSet.of(AssetKind.MODEL_WEIGHTS))
          .build(), row -> weightSeqs.add(row.seq()));
      s.query(EventQuery.builder().classUids(List.of(dev.aiaudit.model.AlertEvent.CLASS_UID)).from(since).limit(0).build(),
          row -> {
            if (row.event() instanceof dev.aiaudit.model.AlertEvent a
                && a.cites().stream().anyMatch(c -> weightSeqs.contains(c.seq()))) {
              n[0]++;
              if (cited.size() < Evidence.MAX_CITED) {
                cited.add(new EvidenceRecord(row.seq(), row.hash()));
              }
            }
          });
    } catch (RuntimeException e) {
      return Evidence.unknown("store unavailable: " + e.getMessage());
    }
    return Evidence.of(n[0], cited, n[0] + " detection alerts citing weight accesses of " + rid + " since " + since);
  }

  @Override
  public Evidence<RetainedRecord> oldestRecord() {
    List<EventRow> rows = new ArrayList<>();
    try (EventSearch s = open()) {
      s.query(EventQuery.builder().limit(1).build(), rows::add);
    } catch (RuntimeException e) {
      return Evidence.unknown("store unavailable: " + e.getMessage());
    }
    if (rows.isEmpty()) {
      return Evidence.unknown("the store holds no records");
    }
    EventRow r = rows.getFirst();
    Instant t = Instant.ofEpochSecond(0, r.event().timeNs());
    return Evidence.of(new RetainedRecord(t, r.seq(), r.hash()), List.of(new EvidenceRecord(r.seq(), r.hash())),
        "oldest retained record " + r.seq() + " at " + t);
  }

  @Override
  public Evidence<JournalVerification> verification() {
    if (fleetUrl != null) {
      return fleetVerification();
    }
    Path journal = dataDir.resolve("journal");
    if (!Files.isDirectory(journal)) {
      return Evidence.unknown("no journal at " + journal);
    }
    try {
      VerifyResult v = JournalVerifier.verify(journal, null);
      List<EvidenceRecord> cited = v.lastSeq() > 0 ? List.of(new EvidenceRecord(v.lastSeq(), v.lastHash())) : List.of();
      return Evidence.of(new JournalVerification(v.ok(), v.firstBadSeq(), Instant.now(), v.lastSeq(), v.lastHash()), cited,
          v.ok() ? "journal verified: " + v.records() + " records, " + v.checkpoints() + " signed checkpoints" : v.problem());
    } catch (RuntimeException e) {
      return Evidence.unknown("journal verification could not run: " + e.getMessage());
    }
  }

  @Override
  public Evidence<Duration> retention() {
    return Evidence.of(retention, List.of(), "journal.retention in the agent configuration: " + retention);
  }

  private Evidence<Long> count(EventQuery q, Predicate<FileEvent> match, String what) {
    long[] n = {0};
    List<EvidenceRecord> cited = new ArrayList<>();
    try (EventSearch s = open()) {
      s.query(q, row -> {
        if (row.event() instanceof FileEvent f && match.test(f)) {
          n[0]++;
          if (cited.size() < Evidence.MAX_CITED) {
            cited.add(new EvidenceRecord(row.seq(), row.hash()));
          }
        }
      });
    } catch (RuntimeException e) {
      return Evidence.unknown("store unavailable: " + e.getMessage());
    }
    return Evidence.of(n[0], cited, n[0] + " " + what);
  }

  private Evidence<JournalVerification> fleetVerification() {
    try (FleetStore store = FleetStore.open(fleetUrl)) {
      List<String> hosts = store.hosts();
      if (hosts.isEmpty()) {
        return Evidence.unknown("the fleet store holds no host");
      }
      long records = 0;
      List<String> broken = new ArrayList<>();
      for (String h : hosts) {
        FleetVerifier.HostResult r = FleetVerifier.verify(store, h, null);
        records += r.records();
        if (!r.ok()) {
          broken.add(h + ": " + r.problems().getFirst());
        }
      }
      boolean ok = broken.isEmpty();
      return Evidence.of(new JournalVerification(ok, ok ? -1 : 0, Instant.now(), 0, ""), List.of(), ok
          ? "fleet store verified: " + hosts.size() + " hosts, " + records + " records, each host's chain and signed checkpoints"
          : "fleet store broken for " + broken.size() + " of " + hosts.size() + " hosts: " + String.join("; ", broken));
    } catch (java.sql.SQLException | RuntimeException e) {
      return Evidence.unknown("fleet store verification could not run: " + e.getMessage());
    }
  }

  private EventSearch open() {
    return fleetUrl != null ? EventSearch.openPostgres(fleetUrl) : EventStore.openDuckDbReadOnly(dataDir.resolve("events.duckdb"));
  }
}
