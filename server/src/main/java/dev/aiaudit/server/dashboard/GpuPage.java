package dev.aiaudit.server.dashboard;

import dev.aiaudit.model.EventCodec;
import dev.aiaudit.store.EventRow;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * GPU telemetry where it exists (records of class {@code gpu}); otherwise says so plainly. The record's fields are
 * shown as journaled (OCSF JSON), since this page does not presume their shape.
 */
final class GpuPage implements Page {
  static final String NONE = "no GPU telemetry on this host";

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
    Instant since = Params.time("since", param.apply("since") == null ? "24h" : param.apply("since"), Instant.now());
    if (q.gpuClass().isEmpty()) {
      return h.raw("<p class=\"empty\" id=\"gpu-none\">").text(NONE)
          .raw("</p><p class=\"muted\">this build records no GPU telemetry class</p>").toString();
    }
    List<EventRow> rows = q.gpu(since, 500);
    if (rows.isEmpty()) {
      return h.raw("<p class=\"empty\" id=\"gpu-none\">").text(NONE).raw("</p><p class=\"muted\">")
          .text("no GPU telemetry records since " + since).raw("</p>").toString();
    }
    h.raw("<table id=\"gpu\"><thead><tr><th>time</th><th>host</th><th>record</th></tr></thead><tbody>");
    for (EventRow r : rows) {
      h.raw("<tr>").td(Html.time(r.event().timeNs())).td(r.event().host()).raw("<td><code>")
          .text(EventCodec.encodeToString(r.event())).raw("</code></td></tr>");
    }
    return h.raw("</tbody></table>").el("p", "muted", "newest 500 records since " + since)
        .toString();
  }
}
