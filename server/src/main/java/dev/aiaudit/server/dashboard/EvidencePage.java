package dev.aiaudit.server.dashboard;

import java.util.function.Function;

/** One button: download the signed evidence pack for a chosen range ({@code GET /api/v1/evidence}). */
final class EvidencePage implements Page {

  @Override
  public String path() {
    return "/evidence";
  }

  @Override
  public String title() {
    return "Evidence";
  }

  @Override
  public String topics(Queries q) {
    return "";
  }

  @Override
  public String content(Queries q, Function<String, String> param, Principal who) {
    Html h = new Html().raw("<h1>Evidence pack</h1><p class=\"muted\">")
        .raw("A signed zip for auditors: scan and policy verdicts on record (OSCAL + HTML), alerts, the journal's"
            + " verification and the journal records behind them. Check it offline with"
            + " <code>ai-audit verify --pack FILE --key JOURNAL_PUBLIC_KEY</code>.</p>");
    h.raw("<form method=\"get\" action=\"").raw(EvidenceRoute.PATH).raw("\" id=\"evidence-form\">")
        .raw("<label>since <select name=\"since\" id=\"evidence-since\">")
        .raw("<option value=\"24h\">last 24 hours</option><option value=\"7d\">last 7 days</option>")
        .raw("<option value=\"30d\" selected>last 30 days</option><option value=\"90d\">last 90 days</option>")
        .raw("<option value=\"365d\">last year</option></select></label> ")
        .raw("<label>until <input name=\"until\" id=\"evidence-until\" placeholder=\"now (or 2026-12-01T00:00:00Z)\"></label> ")
        .raw("<label><input type=\"checkbox\" name=\"records\" value=\"all\"> every record of the range</label> ")
        .raw("<button id=\"evidence-download\">download evidence pack</button></form>");
    return h.toString();
  }
}
