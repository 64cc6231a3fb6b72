package dev.aiaudit.server.dashboard;

import dev.aiaudit.store.EventRow;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * GPU telemetry where it exists (records of class {@code gpu}): utilisation, memory, power and energy per GPU and per
 * pod or process over time, as charts drawn by the uPlot shipped in the jar; otherwise says so plainly.
 */
final class GpuPage implements Page {
  static final String NONE = "no GPU telemetry on this host";
  /** The most GPU records one page reads (newest first). */
  static final int MAX_RECORDS = 20_000;

  @Override
  public String path() {
    return "/gpu";
  }

  @Override
  public String title() {
    return "GPU";
  }

  @Override
  public String topics(Queries q) {
    var uid = q.gpuClass();
    return uid.isPresent() ? Topics.of(uid.getAsInt()) : "";
  }

  @Override
  public String content(Queries q, Function<String, String> param, Principal who) {
    Html h = new Html().raw("<h1>GPU</h1>");
    String sinceParam = param.apply("since") == null ? "24h" : param.apply("since");
    Instant since = Params.time("since", sinceParam, Instant.now());
    String host = Params.host(param);
    h.raw("<form method=\"get\" class=\"filters\"><label>since <input name=\"since\" value=\"").text(sinceParam)
        .raw("\"></label><label>host <input name=\"host\" value=\"").text(host).raw("\"></label><button>show</button></form>");
    if (q.gpuClass().isEmpty()) {
      return h.raw("<p class=\"empty\" id=\"gpu-none\">").text(NONE)
          .raw("</p><p class=\"muted\">this build records no GPU telemetry class</p>").toString();
    }
    List<EventRow> rows = q.gpu(since, MAX_RECORDS, host);
    if (rows.isEmpty()) {
      return h.raw("<p class=\"empty\" id=\"gpu-none\">").text(NONE).raw("</p><p class=\"muted\">")
          .text("no GPU telemetry records since " + since + (host == null ? "" : " from " + host)).raw("</p>").toString();
    }
    GpuSeries s = new GpuSeries(rows);
    h.raw("<p class=\"muted\" id=\"gpu-summary\">").text(s.devices() + " device samples, " + s.processes()
        + " process samples since " + since + (rows.size() == MAX_RECORDS ? " (newest " + MAX_RECORDS + " records)" : "")
        + "; averaged per " + s.bucketSeconds() + " s").raw("</p>");
    for (String[] c : GpuSeries.CHARTS) {
      if (s.names(c[0]).isEmpty()) {
        continue;
      }
      h.raw("<h2>").text(c[1] + " (" + c[2] + ")").raw("</h2><div class=\"chart\" data-chart=\"").text(c[0]).raw("\" id=\"")
          .text(c[0]).raw("\"></div><script type=\"application/json\" id=\"").text(c[0]).raw("-data\">")
          .raw(Html.scriptJson(s.chart(c).toString())).raw("</script>");
      h.raw("<p class=\"legend\">");
      s.names(c[0]).forEach(n -> h.el("span", "series", n).raw(" "));
      h.raw("</p>");
    }
    if (s.devices() + s.processes() == 0) {
      h.el("p", "muted", "only session summaries in this range (no samples to chart)");
    }
    h.raw("<h2>Newest records</h2><table id=\"gpu\"><thead><tr><th>time</th><th>host</th><th>kind</th><th>gpu</th><th>what</th>")
        .raw("<th>record</th></tr></thead><tbody>");
    for (EventRow r : rows.subList(0, Math.min(50, rows.size()))) {
      if (!(r.event() instanceof dev.aiaudit.model.GpuEvent g)) {
        continue;
      }
      String what = switch (g.kind()) {
        case DEVICE -> g.metrics().utilGpuPct() + " % util, " + g.metrics().memoryUsedBytes() / (1 << 20) + " MiB, "
            + g.metrics().powerMw() / 1000 + " W";
        case PROCESS -> GpuSeries.processLabel(g.process()) + ": " + g.usage().smUtilPct() + " % SM, "
            + g.usage().usedMemoryBytes() / (1 << 20) + " MiB";
        case SESSION -> GpuSeries.processLabel(g.process()) + ": session, " + g.session().samples() + " samples, "
            + g.session().energyMj() / 1000 + " J";
      };
      h.raw("<tr class=\"gpu-record\">").td(Html.time(g.timeNs())).td(g.host()).td(g.kind().id()).td(GpuSeries.gpuLabel(g))
          .td(what).raw("<td>").link(Queries.recordHref(g.host(), r.seq()), "#" + r.seq()).raw("</td></tr>");
    }
    return h.raw("</tbody></table>").toString();
  }
}
