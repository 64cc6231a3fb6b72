package dev.aiaudit.server.dashboard;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The dashboard's read side, shared by the API and the pages: every view is computed from journaled records (the
 * index answers, the journal is cited), so a page never shows a state the journal does not hold.
 */
final class Queries {
  /** Subjects of acknowledgement records: {@code alert:<seq>}. */
  static final String ACK_PREFIX = "alert:";
  static final String ACK_SOURCE_PREFIX = "dashboard:";
  static final String POLICY_SOURCE = "policy-watch";
  /** The most alerts a list reads back (newest first). */
  static final int ALERT_WINDOW = 5000;

  private final DashboardSources src;
  private final PolicyControls controls;
  /** Alerts and findings held in memory ({@link RareRecords}). */
  private final RareRecords rare;
  /** The store, with newest-first pages asked by time windows ({@link NewestWindows}) and rare classes from memory. */
  private final RecordSource records;

  Queries(DashboardSources src, PolicyControls controls) {
    this.src = src;
    this.controls = controls;
    this.rare = new RareRecords(new NewestWindows(src.records(), Instant::now),
        src.records().indexedHere() ? RareRecords.BY_SEQ : RareRecords.BY_HOST);
    this.records = rare;
  }

  /** An indexed batch: alerts and findings in it join the in-memory set. */
  void published(List<dev.aiaudit.model.RecordedEvent> batch) {
    if (src.records().indexedHere()) {
      rare.published(batch);
    }
  }

  DashboardSources sources() {
    return src;
  }

  /** One page of events, newest first, with the cursor of the next page ({@code null} at the end). */
  record EventPage(List<EventRow> items, String nextCursor) {}

  /**
   * Keyset paging: the cursor is {@code <timeNs>.<seq>} of the last row shown; the next page holds the rows
   * strictly older in (time, seq) order, so paging stays correct while records arrive.
   */
  EventPage events(EventQuery.Builder filter, int size, String cursor) {
    long[] c = parseCursor(cursor);
    List<EventRow> out = new ArrayList<>(size + 1);
    int over = 64;
    while (true) {
      if (c != null) {
        filter.to(Instant.ofEpochSecond(0, c[0]).plusNanos(1));
      }
      List<EventRow> rows = new ArrayList<>();
      EventQuery query;
      try {
        query = filter.limit(size + 1 + over).build();
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, e.getMessage());
      }
      records.query(query, rows::add);
      out.clear();
      for (EventRow r : rows) {
        if (c == null || r.event().timeNs() < c[0] || r.seq() < c[1]) {
          out.add(r);
        }
      }
      if (out.size() > size || rows.size() < size + 1 + over || over >= 1 << 20) {
        break;
      }
      over *= 4; // many rows share the cursor's nanosecond: read further
    }
    if (out.size() > size) {
      EventRow last = out.get(size - 1);
      return new EventPage(List.copyOf(out.subList(0, size)), last.event().timeNs() + "." + last.seq());
    }
    return new EventPage(List.copyOf(out), null);
  }

  private static long[] parseCursor(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    int dot = cursor.indexOf('.');
    try {
      return new long[] {Long.parseLong(cursor.substring(0, dot)), Long.parseLong(cursor.substring(dot + 1))};
    } catch (RuntimeException e) {
      throw Params.bad("cursor", cursor, "expected <timeNs>.<seq> as returned in next_cursor");
    }
  }

  /** Every AI deployment by its latest policy-watch finding, non-compliant first. */
  List<DeploymentView> deployments() {
    return deployments(null);
  }

  /** As {@link #deployments()}, of one host ({@code null}: every host; a fleet's hosts keep their own subjects). */
  List<DeploymentView> deployments(String host) {
    Map<String, DeploymentView> latest = new LinkedHashMap<>();
    records.query(EventQuery.builder().classUids(List.of(FindingEvent.CLASS_UID)).host(host).limit(0).build(), r -> {
      if (r.event() instanceof FindingEvent f && f.source().equals(POLICY_SOURCE) && !f.subject().startsWith(ACK_PREFIX)) {
        List<String> v = PolicyControls.violations(f.message());
        latest.put(f.host() + "\u0000" + f.subject(), new DeploymentView(f.subject(), f.state(), f.previousState(), v, controls.controlsOf(v),
            f.host(), f.timeNs(), r.seq(), r.hash()));
      }
    });
    List<DeploymentView> out = new ArrayList<>(latest.values());
    out.removeIf(d -> d.state().equals("absent"));
    out.sort(Comparator.comparingInt((DeploymentView d) -> rank(d.state())).thenComparing(DeploymentView::subject));
    return out;
  }

  private static int rank(String state) {
    return switch (state) {
      case "non-compliant" -> 0;
      case "warning" -> 1;
      case "compliant" -> 3;
      default -> 2;
    };
  }

  /** Alert filters: each null means any. {@code asset} and {@code container} match the alert's message and group key. */
  record AlertFilter(String severity, String rule, String asset, String host, String container, Boolean open) {
    static AlertFilter of(Function<String, String> p) {
      String sev = Params.blankToNull(p.apply("severity"));
      if (sev != null) {
        try {
          dev.aiaudit.model.AlertSeverity.parse(sev);
        } catch (IllegalArgumentException e) {
          throw Params.bad("severity", sev, "expected info, low, medium, high or critical");
        }
      }
      String state = Params.blankToNull(p.apply("state"));
      if (state != null && !state.equals("open") && !state.equals("acknowledged")) {
        throw Params.bad("state", state, "expected open or acknowledged");
      }
      return new AlertFilter(sev, Params.blankToNull(p.apply("rule")), Params.blankToNull(p.apply("asset")),
          Params.blankToNull(p.apply("host")), Params.blankToNull(p.apply("container")),
          state == null ? null : state.equals("open"));
    }

    boolean test(AlertView v) {
      AlertEvent a = v.alert();
      return (severity == null || a.severity() == dev.aiaudit.model.AlertSeverity.parse(severity))
          && (rule == null || a.ruleId().equals(rule))
          && (host == null || a.host().equals(host))
          && (asset == null || a.message().contains(asset) || a.groupKey().contains(asset))
          && (container == null || a.message().contains(container) || a.groupKey().contains(container))
          && (open == null || open == v.open());
    }
  }

  /** The newest alerts (up to {@link #ALERT_WINDOW} read), with their acknowledgements, filtered. */
  List<AlertView> alerts(AlertFilter f, int limit) {
    Map<String, AlertView.Ack> acks = acks();
    List<AlertView> out = new ArrayList<>();
    records.query(EventQuery.builder().classUids(List.of(AlertEvent.CLASS_UID)).newestFirst(true)
        .limit(ALERT_WINDOW).build(), r -> {
          if (out.size() < limit && r.event() instanceof AlertEvent a) {
            AlertView v = new AlertView(r.seq(), r.hash(), a, acks.get(a.host() + "\u0000" + r.seq()));
            if (f.test(v)) {
              out.add(v);
            }
          }
        });
    return out;
  }

  /** Acknowledgements by the acknowledged alert's host and seq (an ack is journaled in its alert's host's chain). */
  private Map<String, AlertView.Ack> acks() {
    Map<String, AlertView.Ack> acks = new HashMap<>();
    records.query(EventQuery.builder().classUids(List.of(FindingEvent.CLASS_UID)).pathGlob(ACK_PREFIX + "*")
        .limit(0).build(), r -> {
          if (r.event() instanceof FindingEvent f && f.source().startsWith(ACK_SOURCE_PREFIX)) {
            try {
              long seq = Long.parseLong(f.subject().substring(ACK_PREFIX.length()));
              acks.putIfAbsent(f.host() + "\u0000" + seq, new AlertView.Ack(r.seq(), r.hash(), f.timeNs(),
                  f.source().substring(ACK_SOURCE_PREFIX.length()), f.message()));
            } catch (NumberFormatException e) {
              // not one of ours
            }
          }
        });
    return acks;
  }

  /** Open alerts per severity (every severity present), of one host ({@code null}: every host). */
  Map<String, Integer> openAlertsBySeverity(String host) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (var s : dev.aiaudit.model.AlertSeverity.values()) {
      m.put(s.id(), 0);
    }
    for (AlertView v : alerts(new AlertFilter(null, null, null, host, null, true), ALERT_WINDOW)) {
      m.merge(v.alert().severity().id(), 1, Integer::sum);
    }
    return m;
  }

  /** Records per time bucket over the whole range of {@code filter} ({@link Timeline#of}). */
  Timeline timeline(EventQuery.Builder filter, String bucket) {
    return Timeline.of(records, filter, bucket, Instant.now());
  }

  /** Accesses (file records, counting coalesced reads once per record) to one asset kind since {@code from}. */
  long accessRecords(AssetKind kind, Instant from, String host) {
    return records.count(EventQuery.builder().classUids(List.of(dev.aiaudit.model.FileEvent.CLASS_UID))
        .assetKinds(List.of(kind)).from(from).host(host).limit(0).build());
  }

  private final Map<String, SlidingCount> sliding = new java.util.concurrent.ConcurrentHashMap<>();

  /** As {@link #accessRecords} over the last {@code window} up to now, by a {@link SlidingCount} per kind and host. */
  long recentAccessRecords(AssetKind kind, java.time.Duration window, String host) {
    if (sliding.size() > 1000) {
      sliding.clear(); // host= is the caller's: bound what it can make us keep
    }
    SlidingCount c = sliding.computeIfAbsent(kind.id() + "\u0000" + (host == null ? "" : host), k -> new SlidingCount(
        records::count, b -> b.classUids(List.of(dev.aiaudit.model.FileEvent.CLASS_UID)).assetKinds(List.of(kind)).host(host)));
    return c.over(window, Instant.now());
  }

  /** Deployments per bucket: compliant, non-compliant, unknown. */
  static Map<String, Integer> deploymentCounts(List<DeploymentView> ds) {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("compliant", 0);
    m.put("non-compliant", 0);
    m.put("unknown", 0);
    ds.forEach(d -> m.merge(d.bucket(), 1, Integer::sum));
    return m;
  }

  /** The class_uid of GPU telemetry records in this build, or empty when this build has no such class. */
  OptionalInt gpuClass() {
    try {
      return OptionalInt.of(src.classUid().applyAsInt("gpu"));
    } catch (IllegalArgumentException e) {
      return OptionalInt.empty();
    }
  }

  /** GPU telemetry records since {@code from}, newest first (at most {@code limit}); empty when there are none. */
  List<EventRow> gpu(Instant from, int limit, String host) {
    OptionalInt uid = gpuClass();
    if (uid.isEmpty()) {
      return List.of();
    }
    List<EventRow> rows = new ArrayList<>();
    records.query(EventQuery.builder().classUids(List.of(uid.getAsInt())).from(from).host(host).newestFirst(true)
        .limit(limit).build(), rows::add);
    return rows;
  }

  /** The hosts with records in the store (every host of a fleet store; else those of the newest records), this host first. */
  List<String> hosts() {
    java.util.Set<String> hosts = new java.util.LinkedHashSet<>();
    hosts.add(src.host());
    List<String> listed = records.hosts();
    if (listed.isEmpty()) {
      records.query(EventQuery.builder().newestFirst(true).limit(2000).build(), r -> hosts.add(r.event().host()));
    }
    hosts.addAll(listed);
    return new ArrayList<>(hosts);
  }

  /**
   * Each host's scan posture, replayed from its journaled scan verdict changes as the store holds them (so it
   * survives a restart, and a fleet store gives every host's), sorted by host.
   *
   * @param host only this host; {@code null} for every host
   */
  Map<String, HostPosture> postures(String host) {
    Map<String, HostPosture.Replay> replays = new java.util.TreeMap<>();
    EventQuery.Builder b = EventQuery.builder().classUids(List.of(FindingEvent.CLASS_UID))
        .pathGlob(dev.aiaudit.scan.VerdictChanges.SUBJECT_PREFIX + "*").host(host).limit(0);
    records.query(b.build(), r -> {
      if (r.event() instanceof FindingEvent f) {
        replays.computeIfAbsent(f.host(), HostPosture.Replay::new).accept(f, r.seq(), r.hash());
      }
    });
    Map<String, HostPosture> out = new LinkedHashMap<>();
    replays.forEach((h, r) -> {
      HostPosture p = r.finish();
      if (!p.checks().isEmpty()) {
        out.put(h, p);
      }
    });
    return out;
  }

  private final Map<String, Map<String, dev.aiaudit.scan.CheckResult>> catalog = new java.util.concurrent.ConcurrentHashMap<>();

  /** The definition of a check (remediation, controls), or empty when this build's content does not hold it. */
  Optional<dev.aiaudit.scan.CheckResult> check(String profile, String id) {
    return Optional.ofNullable(catalog.computeIfAbsent(profile, p -> {
      Map<String, dev.aiaudit.scan.CheckResult> m = new HashMap<>();
      src.scans().checks(p).forEach(c -> m.put(c.id(), c));
      return m;
    }).get(id));
  }

  Optional<EventRow> record(String host, long seq) {
    return records.record(host == null ? src.host() : host, seq);
  }

  /** The API address of one journal record (seqs are per host: the host names the chain). */
  static String recordHref(String host, long seq) {
    return "/api/v1/records/" + seq + "?host=" + Html.q(host);
  }
}
