package dev.aiaudit.server.dashboard;

import dev.aiaudit.model.FileEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** File accesses: search, server-side paging (keyset), CSV/JSON export of the same search, a timeline of the whole searched range ({@link Timeline}). */
final class AccessesPage implements Page {
  static final List<String> FILTERS = List.of("since", "until", "kind", "path", "process", "user", "container", "activity", "host");

  @Override
  public String path() {
    return "/accesses";
  }

  @Override
  public String title() {
    return "Accesses";
  }

  @Override
  public String topics(Queries q) {
    return "file";
  }

  @Override
  public String content(Queries q, Function<String, String> param, Principal who) {
    StringBuilder query = new StringBuilder("class=file");
    Html h = new Html().raw("<h1>Accesses</h1><form method=\"get\" class=\"filters\">");
    for (String name : FILTERS) {
      String v = param.apply(name);
      h.raw("<label>").text(name).raw(" <input name=\"").text(name).raw("\" value=\"").text(v).raw("\"></label>");
      if (v != null && !v.isBlank()) {
        query.append('&').append(name).append('=').append(Html.q(v));
      }
    }
    h.raw("<button>search</button></form>");
    Function<String, String> filter = name -> name.equals("class") ? "file" : param.apply(name);
    Instant now = Instant.now();
    // the chart counts the whole searched range in the store (one aggregate query), not the rows of this page
    Timeline timeline = q.timeline(Params.events(filter, q.sources().classUid(), now), null);
    EventQuery.Builder b = Params.events(filter, q.sources().classUid(), now);
    int size = Params.size(param.apply("limit"), 100);
    Queries.EventPage page = q.events(b, size, param.apply("cursor"));
    h.raw("<p class=\"exports\">export this search: ").link("/api/v1/events?format=csv&limit=1000&" + query, "CSV")
        .raw(" · ").link("/api/v1/events?limit=1000&" + query, "JSON").raw("</p>");
    h.raw("<div id=\"timeline\" class=\"chart\" data-title=\"").text(timeline.title())
        .raw("\"></div><script type=\"application/json\" id=\"timeline-data\">").raw(Html.scriptJson(timeline.columns()))
        .raw("</script>");
    if (page.items().isEmpty()) {
      return h.el("p", "muted", "no accesses match").toString();
    }
    h.raw("<table id=\"accesses\"><thead><tr><th>time</th><th>activity</th><th>kind</th><th>path</th><th>process</th>")
        .raw("<th>user</th><th>container</th><th>host</th><th>count</th><th>record</th></tr></thead><tbody>");
    for (EventRow r : page.items()) {
      if (!(r.event() instanceof FileEvent f)) {
        continue;
      }
      var p = f.process();
      h.raw("<tr class=\"access\">").td(Html.time(f.timeNs())).td(f.activity().id()).td(f.asset().id()).td(f.path())
          .td((p.exe() == null ? "?" : p.exe()) + " [" + p.pid() + "]").td(p.user() == null ? p.uid() : p.user())
          .td(p.podUid() != null ? "pod " + p.podUid() : p.containerId() == null ? "" : p.containerId()).td(f.host())
          .td(f.count()).raw("<td>").link(Queries.recordHref(f.host(), r.seq()), "#" + r.seq()).raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    if (page.nextCursor() != null) {
      h.raw("<p>").link("/accesses?" + query.substring("class=file".length()).replaceFirst("^&", "") + "&cursor="
          + Html.q(page.nextCursor()), "older →").raw("</p>");
    }
    return h.toString();
  }
}
