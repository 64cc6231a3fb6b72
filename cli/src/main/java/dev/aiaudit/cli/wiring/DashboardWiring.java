package dev.aiaudit.cli.wiring;

import dev.aiaudit.journal.Journal;
import dev.aiaudit.scan.Scanner;
import dev.aiaudit.server.admission.TlsMaterial;
import dev.aiaudit.server.dashboard.DashboardServer;
import dev.aiaudit.server.dashboard.DashboardSources;
import dev.aiaudit.server.dashboard.RecordSource;
import dev.aiaudit.server.dashboard.ScheduledScans;
import dev.aiaudit.server.dashboard.TokenStore;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.pg.PgEventSearch;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * {@code ai-audit up} beside the agent: host scans (at start, on a schedule, on demand; each changed verdict journaled
 * as a compliance finding, as the agent's own {@code scan.every} scans do, which {@code up} turns off) and the
 * dashboard server over the agent's own index and journal. Tokens live in {@code <data-dir>/dashboard-tokens.json} (hashes only); on the
 * first start the admin token is printed once.
 */
public final class DashboardWiring implements AutoCloseable {

  /**
   * The settings of {@code up} beyond the agent's.
   *
   * @param scanEvery {@link Duration#ZERO}: only at start and on demand
   * @param tls {@code null} for plain HTTP
   * @param store {@code null}: the pages read this agent's own index; a {@code postgresql://} URL: they read the fleet
   *     store that {@code ai-audit serve} fills (every host), while this host's agent, scans and acknowledgements
   *     still journal here
   * @param maxBodyBytes largest request body accepted
   * @param requestsPerMinute requests per minute per client before 429
   * @param sessionLifetime lifetime of a browser session cookie
   */
  public record Settings(String bind, int port, List<String> scanProfiles, Duration scanEvery, TlsMaterial tls,
      String store, int maxBodyBytes, int requestsPerMinute, Duration sessionLifetime) {

    public Settings(String bind, int port, List<String> scanProfiles, Duration scanEvery, TlsMaterial tls, String store) {
      this(bind, port, scanProfiles, scanEvery, tls, store, 64 * 1024, 600, Duration.ofHours(12));
    }

    public Settings(String bind, int port, List<String> scanProfiles, Duration scanEvery, TlsMaterial tls) {
      this(bind, port, scanProfiles, scanEvery, tls, null);
    }
  }

  private final ScheduledScans scans;
  private final DashboardServer server;
  private final PgEventSearch fleet;

  private DashboardWiring(ScheduledScans scans, DashboardServer server, PgEventSearch fleet) {
    this.scans = scans;
    this.server = server;
    this.fleet = fleet;
  }

  /** Starts scans and the server; prints the URL (and, on the first start, the admin token) to {@code out}. */
  public static DashboardWiring start(Agent agent, Settings s, ToIntFunction<String> classUid, PrintStream out) {
    TokenStore tokens = TokenStore.open(agent.dataDir().resolve("dashboard-tokens.json"));
    AtomicReference<DashboardServer> late = new AtomicReference<>();
    // `up` turns the agent's own schedule off (one scanner per process): these scans journal their changed verdicts
    // as compliance findings exactly as the agent's would, from the states on record in the index
    java.util.Map<String, String> lastStates = new java.util.concurrent.ConcurrentHashMap<>(ScanEvidence.lastStates(agent.store()));
    ScheduledScans scans = ScheduledScans.start(Scanner.builtin(), s.scanProfiles(), s.scanEvery(), run -> {
      int journaled = HostScans.offer(
          dev.aiaudit.scan.VerdictChanges.findings(run.reports(), lastStates, "", agent.host()), lastStates, agent.queue()::offer);
      if (!run.reports().isEmpty()) {
        out.println("ai-audit: host scan (" + String.join(", ", s.scanProfiles()) + ", "
            + dev.aiaudit.model.text.SafeText.escape(run.trigger()) + "): " + journaled + " changed verdict(s) journaled");
      }
      DashboardServer srv = late.get();
      if (srv != null) {
        srv.feed().changed("scan");
      }
    });
    DashboardServer server;
    PgEventSearch fleet = null;
    try {
      if (s.store() != null) {
        fleet = PgEventSearch.open(s.store());
      }
      DashboardSources src = new DashboardSources(agent.host(), fleet == null ? records(agent) : fleet(fleet), classUid, agent.queue()::offer, scans,
          new CachedVerify(agent.journalDir(), () -> agent.journal().lastSeq(), FULL_VERIFY_EVERY, java.time.Instant::now));
      server = DashboardServer.builder(src, tokens).bind(s.bind()).port(s.port()).tls(s.tls())
          .maxBodyBytes(s.maxBodyBytes()).requestsPerMinute(s.requestsPerMinute()).sessionLifetime(s.sessionLifetime())
          .evidence(evidence(agent.journalDir(), agent.host())).build().start();
    } catch (RuntimeException e) {
      scans.close();
      if (fleet != null) {
        fleet.close();
      }
      throw e;
    }
    late.set(server);
    agent.onIndexed(server.feed()::published);
    out.println("ai-audit: dashboard on " + server.url() + (fleet == null ? "" : " over the fleet store "
        + PgEventSearch.redact(s.store())) + " (scans: " + String.join(", ", s.scanProfiles())
        + (s.scanEvery().isZero() ? " at start and on demand" : " at start and every " + s.scanEvery()) + ")");
    tokens.bootstrapAdmin().ifPresent(t -> out.println("ai-audit: admin token (shown this once; only its hash is kept in "
        + agent.dataDir().resolve("dashboard-tokens.json") + "): " + t));
    return new DashboardWiring(scans, server, fleet);
  }

  /**
   * The fleet store answers queries, counts, hosts and cited records (by host and seq) for every host. One
   * connection, so one question at a time.
   */
  static RecordSource fleet(PgEventSearch pg) {
    return new RecordSource() {
      @Override
      public long query(dev.aiaudit.store.EventQuery q, java.util.function.Consumer<? super EventRow> sink) {
        synchronized (pg) {
          return pg.query(q, sink);
        }
      }

      @Override
      public long count(dev.aiaudit.store.EventQuery q) {
        synchronized (pg) {
          return pg.count(q);
        }
      }

      @Override
      public long[] histogram(dev.aiaudit.store.EventQuery q, long bucketNs) {
        synchronized (pg) {
          return pg.histogram(q, bucketNs);
        }
      }

      @Override
      public List<String> hosts() {
        synchronized (pg) {
          return pg.hosts();
        }
      }

      @Override
      public boolean indexedHere() {
        return false;
      }

      @Override
      public Optional<EventRow> record(String host, long seq) {
        synchronized (pg) {
          return pg.record(host, seq);
        }
      }
    };
  }

  /** The agent's index answers queries; a cited record is read from the journal itself. */
  static RecordSource records(Agent agent) {
    return RecordSource.over(agent.host(), agent.store(), seq -> {
      if (seq > agent.journal().lastSeq()) {
        return Optional.empty();
      }
      try (Stream<dev.aiaudit.model.RecordedEvent> s = Journal.read(agent.journalDir(), seq)) {
        return s.limit(1).filter(r -> r.seq() == seq).findFirst().map(r -> new EventRow(r.seq(), r.hash(), r.event()));
      }
    });
  }

  /** Full journal verifications at most this far apart; between them only appended records are read. */
  static final Duration FULL_VERIFY_EVERY = Duration.ofMinutes(10);

  public DashboardServer server() {
    return server;
  }

  /** The dashboard's evidence packs: built from the journal, signed with its key (read per pack: rotations show). */
  static dev.aiaudit.server.dashboard.EvidenceExport evidence(java.nio.file.Path journalDir, String host) {
    String v = DashboardWiring.class.getPackage().getImplementationVersion();
    String tool = "ai-audit " + (v == null ? "dev" : v);
    return (since, until, all, out) -> dev.aiaudit.cli.evidence.EvidencePack.write(journalDir,
        dev.aiaudit.cli.evidence.EvidencePack.signingKey(journalDir),
        new dev.aiaudit.cli.evidence.EvidencePack.Options(since, until, all, List.of(), host, tool), out);
  }

  @Override
  public void close() {
    server.close();
    scans.close();
    if (fleet != null) {
      fleet.close();
    }
  }
}
