package dev.aiaudit.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.QueryOutput;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The REST API, {@code /api/v1/...}: one table of (method, path, role, handler), which is both what the server
 * registers and what the test holds against {@code /openapi.json}.
 */
final class ApiRoutes {
  static final int MAX_COMMENT = 500;

  /** One route: the least role that may call it. */
  record Route(HandlerType method, String path, Role role, Handler handler) {}

  private final Queries q;
  private final Auth auth;
  private final EvidenceRoute evidence;

  ApiRoutes(Queries q, Auth auth) {
    this(q, auth, null);
  }

  /** {@code evidence} builds the packs of {@code GET /api/v1/evidence}; null: that route answers 503. */
  /** Serialise the acknowledgements of one alert (striped by seq). */
  private static final Object[] ACK_LOCKS = new Object[64];

  static {
    for (int i = 0; i < ACK_LOCKS.length; i++) {
      ACK_LOCKS[i] = new Object();
    }
  }

  /**
   * Acknowledgements journaled by this server (alert seq → when), for {@link #ACK_PENDING_NS}: long enough for the
   * agent to index them (then the index answers), short enough that one the journal queue dropped (counted there)
   * can be sent again.
   */
  private final java.util.concurrent.ConcurrentHashMap<Long, Long> acking = new java.util.concurrent.ConcurrentHashMap<>();
  static final long ACK_PENDING_NS = Duration.ofSeconds(60).toNanos();

  ApiRoutes(Queries q, Auth auth, EvidenceExport evidence) {
    this.q = q;
    this.auth = auth;
    this.evidence = new EvidenceRoute(evidence, q == null ? "" : q.sources().host());
  }

  List<Route> routes() {
    return List.of(
        new Route(HandlerType.GET, "/api/v1/overview", Role.VIEWER, this::overview),
        new Route(HandlerType.GET, "/api/v1/events", Role.VIEWER, this::events),
        new Route(HandlerType.GET, "/api/v1/events/timeline", Role.VIEWER, this::timeline),
        new Route(HandlerType.GET, "/api/v1/records/{seq}", Role.VIEWER, this::record),
        new Route(HandlerType.GET, "/api/v1/alerts", Role.VIEWER, this::alerts),
        new Route(HandlerType.POST, "/api/v1/alerts/{seq}/ack", Role.ADMIN, this::ack),
        new Route(HandlerType.GET, "/api/v1/findings", Role.VIEWER, this::findings),
        new Route(HandlerType.GET, "/api/v1/deployments", Role.VIEWER, this::deployments),
        new Route(HandlerType.GET, "/api/v1/hosts", Role.VIEWER, this::hosts),
        new Route(HandlerType.GET, "/api/v1/scans", Role.VIEWER, this::scans),
        new Route(HandlerType.POST, "/api/v1/scans", Role.ADMIN, this::triggerScan),
        new Route(HandlerType.GET, "/api/v1/gpu", Role.VIEWER, this::gpu),
        new Route(HandlerType.GET, "/api/v1/verify", Role.VIEWER, this::verify),
        new Route(HandlerType.GET, EvidenceRoute.PATH, EvidenceRoute.ROLE, evidence),
        new Route(HandlerType.GET, "/api/v1/tokens", Role.ADMIN, this::tokens),
        new Route(HandlerType.POST, "/api/v1/tokens", Role.ADMIN, this::issueToken),
        new Route(HandlerType.DELETE, "/api/v1/tokens/{name}", Role.ADMIN, this::revokeToken));
  }

  private static void json(Context ctx, int status, String body) {
    ctx.status(status).contentType("application/json").result(body);
  }

  private void overview(Context ctx) {
    String host = Params.host(ctx::queryParam);
    ObjectNode n = ApiJson.MAPPER.createObjectNode().put("host", q.sources().host());
    n.put("filter_host", host);
    ObjectNode deps = n.putObject("deployments");
    Queries.deploymentCounts(q.deployments(host)).forEach(deps::put);
    ObjectNode alerts = n.putObject("open_alerts");
    q.openAlertsBySeverity(host).forEach(alerts::put);
    n.put("weights_access_records_24h", q.recentAccessRecords(AssetKind.MODEL_WEIGHTS, Duration.ofHours(24), host));
    ArrayNode postures = n.putArray("host_profiles");
    q.postures(host).values().forEach(p -> postures.add(ApiJson.posture(p, null)));
    n.set("scanner", ApiJson.scanner(q.sources().scans().status()));
    json(ctx, 200, n.toString());
  }

  private void events(Context ctx) throws IOException {
    EventQuery.Builder b = Params.events(ctx::queryParam, q.sources().classUid(), Instant.now());
    page(ctx, b);
  }

  private void timeline(Context ctx) {
    EventQuery.Builder b = Params.events(ctx::queryParam, q.sources().classUid(), Instant.now());
    json(ctx, 200, q.timeline(b, ctx.queryParam("bucket")).json().toString());
  }

  private void findings(Context ctx) throws IOException {
    EventQuery.Builder b = Params.events(name -> name.equals("class") ? "finding" : ctx.queryParam(name),
        q.sources().classUid(), Instant.now());
    page(ctx, b);
  }

  private void page(Context ctx, EventQuery.Builder b) throws IOException {
    String format = ctx.queryParam("format");
    Queries.EventPage page = q.events(b, Params.size(ctx.queryParam("limit"), 100), ctx.queryParam("cursor"));
    if (format == null || format.equals("json")) {
      json(ctx, 200, ApiJson.page(page.items(), page.nextCursor()));
    } else if (format.equals("csv")) {
      StringWriter w = new StringWriter();
      QueryOutput out = QueryOutput.create(QueryOutput.Format.CSV, w);
      page.items().forEach(out);
      out.finish();
      if (page.nextCursor() != null) {
        ctx.header("X-Next-Cursor", page.nextCursor());
      }
      ctx.status(200).contentType("text/csv; charset=utf-8").header("Content-Disposition", "attachment; filename=\"events.csv\"")
          .result(w.toString());
    } else {
      throw Params.bad("format", format, "expected json or csv");
    }
  }

  private void record(Context ctx) {
    long seq = seq(ctx);
    String host = Params.host(ctx::queryParam);
    EventRow r = q.record(host, seq).orElseThrow(() -> new ApiException(404, "no journal record with seq " + seq
        + (host == null ? "" : " of host '" + dev.aiaudit.model.text.SafeText.capped(host, 100) + "'")));
    json(ctx, 200, QueryOutput.jsonLine(r));
  }

  private static long seq(Context ctx) {
    String s = ctx.pathParam("seq");
    try {
      long v = Long.parseLong(s);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw Params.bad("seq", s, "expected a positive journal sequence number");
  }

  private void alerts(Context ctx) {
    var f = Queries.AlertFilter.of(ctx::queryParam);
    ArrayNode items = ApiJson.MAPPER.createArrayNode();
    q.alerts(f, Params.size(ctx.queryParam("limit"), 200)).forEach(v -> items.add(ApiJson.alert(v)));
    json(ctx, 200, ApiJson.MAPPER.createObjectNode().set("items", items).toString());
  }

  /** Acknowledges an alert: a compliance-finding record {@code alert:<seq>} open→acknowledged, journaled. */
  private void ack(Context ctx) {
    long seq = seq(ctx);
    String comment = bodyField(ctx, "comment");
    if (comment == null || comment.isBlank() || comment.length() > MAX_COMMENT) {
      throw new ApiException(400, "comment: 1.." + MAX_COMMENT + " characters required");
    }
    if (q.sources().journal() == null) {
      throw new ApiException(503, "this server cannot write to the journal (read-only store)");
    }
    String host = Params.host(ctx::queryParam);
    if (host != null && !host.equals(q.sources().host())) {
      throw new ApiException(400, "an alert of another host is acknowledged on that host's dashboard (the acknowledgement"
          + " is journaled in the alert's own chain)");
    }
    EventRow r = q.record(null, seq).orElseThrow(() -> new ApiException(404, "no journal record with seq " + seq));
    if (!(r.event() instanceof AlertEvent)) {
      throw new ApiException(400, "record " + seq + " is not an alert");
    }
    Principal who = Auth.principal(ctx);
    // check and journal as one step per alert: two acknowledgements sent at once would both find the alert open in the
    // index; and one journaled here shows in the index only once indexed, so it is remembered until then
    synchronized (ACK_LOCKS[(int) Math.floorMod(seq, (long) ACK_LOCKS.length)]) {
      long now = System.nanoTime();
      acking.values().removeIf(t -> now - t > ACK_PENDING_NS);
      Long pending = acking.get(seq);
      if (pending != null || !q.alerts(new Queries.AlertFilter(null, null, null, q.sources().host(), null, false),
          Queries.ALERT_WINDOW).stream().filter(v -> v.seq() == seq).toList().isEmpty()) {
        throw new ApiException(409, "alert " + seq + " is acknowledged already");
      }
      q.sources().journal().accept(new FindingEvent(Instant.now().toEpochMilli() * 1_000_000L, q.sources().host(),
          Queries.ACK_PREFIX + seq, "open", "acknowledged", comment.strip(), Queries.ACK_SOURCE_PREFIX + who.name()));
      acking.put(seq, now);
    }
    json(ctx, 202, ApiJson.MAPPER.createObjectNode().put("seq", seq).put("state", "acknowledging")
        .put("note", "the acknowledgement is journaled; it shows once indexed").toString());
  }

  private static String bodyField(Context ctx, String field) {
    String ct = ctx.contentType() == null ? "" : ctx.contentType();
    if (ct.startsWith("application/json")) {
      try {
        JsonNode n = ApiJson.MAPPER.readTree(ctx.bodyAsBytes());
        JsonNode v = n == null ? null : n.get(field);
        if (v != null && !v.isTextual()) {
          throw new ApiException(400, field + ": expected a string");
        }
        return v == null ? null : v.asText();
      } catch (IOException e) {
        throw new ApiException(400, "malformed JSON body: " + e.getClass().getSimpleName());
      }
    }
    return ctx.formParam(field);
  }

  private void deployments(Context ctx) {
    ArrayNode items = ApiJson.MAPPER.createArrayNode();
    q.deployments(Params.host(ctx::queryParam)).forEach(d -> items.add(ApiJson.deployment(d)));
    json(ctx, 200, ApiJson.MAPPER.createObjectNode().set("items", items).toString());
  }

  /** Every host (or the {@code host} asked for) with its scan posture read from the journaled verdicts. */
  private void hosts(Context ctx) {
    String host = Params.host(ctx::queryParam);
    var postures = q.postures(host);
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    ArrayNode hosts = n.putArray("items");
    for (String h : host == null ? q.hosts() : List.of(host)) {
      HostPosture p = postures.get(h);
      hosts.add(p == null ? ApiJson.MAPPER.createObjectNode().put("host", h).putNull("last_change") : ApiJson.posture(p, q));
    }
    json(ctx, 200, n.toString());
  }

  /** The scan history (each scan that changed a verdict, newest first) from the journal, and the scanner's state. */
  private void scans(Context ctx) {
    String host = Params.host(ctx::queryParam);
    int limit = Params.size(ctx.queryParam("limit"), HostPosture.HISTORY);
    java.util.List<ObjectNode> points = new java.util.ArrayList<>();
    java.util.List<Long> times = new java.util.ArrayList<>();
    q.postures(host).forEach((h, p) -> p.history().forEach(pt -> {
      points.add(ApiJson.point(h, pt));
      times.add(pt.timeNs());
    }));
    Integer[] order = new Integer[points.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Long.compare(times.get(b), times.get(a)));
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.set("scanner", ApiJson.scanner(q.sources().scans().status()));
    ArrayNode items = n.putArray("items");
    for (int i = 0; i < Math.min(limit, order.length); i++) {
      items.add(points.get(order[i]));
    }
    json(ctx, 200, n.toString());
  }

  private void triggerScan(Context ctx) {
    boolean started = q.sources().scans().trigger(Auth.principal(ctx).name());
    if (!started) {
      throw new ApiException(409, "a scan is running already (or this server has no scanner)");
    }
    json(ctx, 202, "{\"state\":\"started\"}");
  }

  private void gpu(Context ctx) {
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    Instant since = Params.time("since", ctx.queryParam("since") == null ? "24h" : ctx.queryParam("since"), Instant.now());
    List<EventRow> rows = q.gpu(since, Params.size(ctx.queryParam("limit"), 500), Params.host(ctx::queryParam));
    n.put("available", !rows.isEmpty());
    if (rows.isEmpty()) {
      n.put("reason", q.gpuClass().isEmpty() ? GpuPage.NONE + " (this build records no GPU telemetry class)"
          : GpuPage.NONE + " (no GPU telemetry records since " + since + ")");
    }
    String items = ApiJson.page(rows, null);
    json(ctx, 200, n.toString().substring(0, n.toString().length() - 1) + "," + items.substring(1));
  }

  private void verify(Context ctx) {
    VerifyStatus v = q.sources().verify().get();
    json(ctx, v.ok() ? 200 : 409, ApiJson.MAPPER.valueToTree(v).toString());
  }

  private void tokens(Context ctx) {
    ArrayNode items = ApiJson.MAPPER.createArrayNode();
    auth.tokens().list().forEach(t -> items.addObject().put("name", t.name()).put("role", t.role().id())
        .put("created", t.created().toString()));
    json(ctx, 200, ApiJson.MAPPER.createObjectNode().set("items", items).toString());
  }

  private void issueToken(Context ctx) {
    String name = bodyField(ctx, "name");
    String role = bodyField(ctx, "role");
    try {
      String token = auth.tokens().issue(name, Role.parse(role == null ? "viewer" : role));
      json(ctx, 201, ApiJson.MAPPER.createObjectNode().put("name", name).put("token", token)
          .put("note", "shown once; only its hash is kept").toString());
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
  }

  private void revokeToken(Context ctx) {
    if (!auth.tokens().revoke(ctx.pathParam("name"))) {
      throw new ApiException(404, "no token named '" + dev.aiaudit.model.text.SafeText.capped(ctx.pathParam("name"), 100) + "'");
    }
    ctx.status(204);
  }
}
