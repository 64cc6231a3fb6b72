package dev.aiaudit.server.dashboard;

import dev.aiaudit.model.AlertEvent;
import java.util.function.Function;

/** The alert feed with filters; an admin acknowledges an alert with a comment (a journaled record). */
final class AlertsPage implements Page {
  static final int SHOWN = 200;

  @Override
  public String path() {
    return "/alerts";
  }

  @Override
  public String title() {
    return "Alerts";
  }

  @Override
  public String topics(Queries q) {
    return "alert finding";
  }

  @Override
  public String content(Queries q, Function<String, String> param, Principal who) {
    Queries.AlertFilter f = Queries.AlertFilter.of(param);
    Html h = new Html().raw("<h1>Alerts</h1><form method=\"get\" class=\"filters\">");
    for (String name : new String[] {"severity", "rule", "asset", "host", "container", "state"}) {
      h.raw("<label>").text(name).raw(" <input name=\"").text(name).raw("\" value=\"").text(param.apply(name))
          .raw("\"></label>");
    }
    h.raw("<button>filter</button></form>");
    var alerts = q.alerts(f, SHOWN);
    if (alerts.isEmpty()) {
      return h.el("p", "muted", "no alerts match").toString();
    }
    h.raw("<table id=\"alerts\"><thead><tr><th>time</th><th>severity</th><th>rule</th><th>what</th><th>host</th>")
        .raw("<th>cites</th><th>state</th></tr></thead><tbody>");
    for (AlertView v : alerts) {
      AlertEvent a = v.alert();
      h.raw("<tr class=\"alert sev-").text(a.severity().id()).raw("\" data-seq=\"").text(v.seq()).raw("\" data-rule=\"")
          .text(a.ruleId()).raw("\">");
      h.td(Html.time(a.timeNs())).raw("<td><span class=\"badge sev-").text(a.severity().id()).raw("\">")
          .text(a.severity().id()).raw("</span></td>").td(a.ruleId());
      h.raw("<td><b>").text(a.title()).raw("</b><br>").text(a.message()).raw("</td>").td(a.host()).raw("<td>");
      a.cites().forEach(c -> h.link(Queries.recordHref(a.host(), c.seq()), "#" + c.seq()).raw(" "));
      h.raw("</td><td>");
      if (!v.open()) {
        h.text("acknowledged by " + v.ack().by() + ": " + v.ack().comment() + " ").link(Queries.recordHref(a.host(), v.ack().seq()),
            "#" + v.ack().seq());
      } else if (who.role().covers(Role.ADMIN) && a.host().equals(q.sources().host())) {
        h.raw("<form class=\"ack\" data-seq=\"").text(v.seq()).raw("\"><input name=\"comment\" placeholder=\"comment\" ")
            .raw("maxlength=\"500\" required><button>acknowledge</button></form>");
      } else {
        h.text(a.host().equals(q.sources().host()) ? "open" : "open (acknowledged on its own host)");
      }
      h.raw("</td></tr>");
    }
    return h.raw("</tbody></table>").toString();
  }
}
