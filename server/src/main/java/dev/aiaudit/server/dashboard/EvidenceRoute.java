package dev.aiaudit.server.dashboard;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Semaphore;

/**
 * {@code GET /api/v1/evidence?since=30d&until=...&records=cited|all}: streams a signed evidence pack (zip) as it is
 * built, so memory does not grow with the range. Viewer role: the pack holds nothing a viewer cannot already read
 * record by record through {@code /api/v1/events} and {@code /api/v1/records/{seq}}, and an auditor needs no power to
 * acknowledge, scan or issue tokens. Building one reads the whole journal, so one pack is built at a time (a second
 * request is a 429 while it runs).
 */
final class EvidenceRoute implements Handler {
  static final String PATH = "/api/v1/evidence";
  static final Role ROLE = Role.VIEWER;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final EvidenceExport export;
  private final String host;
  private final Semaphore one = new Semaphore(1);

  EvidenceRoute(EvidenceExport export, String host) {
    this.export = export;
    this.host = host;
  }

  @Override
  public void handle(Context ctx) throws Exception {
    Instant now = Instant.now();
    Instant since = Params.time("since", ctx.queryParam("since") == null ? "30d" : ctx.queryParam("since"), now);
    Instant until = ctx.queryParam("until") == null || ctx.queryParam("until").isBlank() ? now
        : Params.time("until", ctx.queryParam("until"), now);
    if (since.isAfter(until)) {
      throw new ApiException(400, "since (" + since + ") is after until (" + until + ")");
    }
    String records = ctx.queryParam("records") == null ? "cited" : ctx.queryParam("records");
    if (!records.equals("cited") && !records.equals("all")) {
      throw Params.bad("records", records, "expected cited or all");
    }
    if (export == null) {
      throw new ApiException(503, "this server builds no evidence packs (it holds no journal); run `ai-audit evidence`"
          + " on the host");
    }
    if (!one.tryAcquire()) {
      ctx.header("Retry-After", "30");
      throw new ApiException(429, "an evidence pack is being built; try again when it is done");
    }
    try {
      String name = "ai-audit-evidence-" + host.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + STAMP.format(now) + ".zip";
      ctx.status(200).contentType("application/zip").header("Content-Disposition", "attachment; filename=\"" + name + "\"");
      OutputStream out = ctx.outputStream();
      try {
        export.write(since, until, records.equals("all"), out);
      } catch (java.io.IOException | RuntimeException e) {
        if (ctx.res().isCommitted()) {
          throw e; // part of the zip is out: the client holds a truncated pack, which verify --pack refuses
        }
        ctx.res().reset();
        throw new ApiException(503, "cannot build the evidence pack: " + dev.aiaudit.model.text.SafeText.capped(
            String.valueOf(e.getMessage()), 500));
      }
      out.flush();
    } finally {
      one.release();
    }
  }
}
