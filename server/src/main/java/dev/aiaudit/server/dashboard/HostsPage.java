package dev.aiaudit.server.dashboard;

import java.util.Map;
import java.util.function.Function;

/**
 * Hosts: each host's scan posture per profile, the failed checks with their remediation, and the history of verdict
 * changes, all read from the journaled scan findings through the store (so it survives a restart, and a fleet
 * store shows every host).
 */
final class HostsPage implements Page {

  @Override
  public String path() {
    return "/hosts";
  }

  @Override
  public String title() {
    return "Hosts";
  }

  @Override
  public String topics(Queries q) {
    return "scan finding";
  }

  @Override
  public String content(Queries q, Function<String, String> param, Principal who) {
    String selected = Params.host(param);
    Map<String, HostPosture> all = q.postures(null);
    String host = selected != null ? selected : all.containsKey(q.sources().host()) || all.isEmpty()
        ? q.sources().host() : all.keySet().iterator().next();
    Html h = new Html().raw("<h1>Hosts</h1>");
    ScanService.Status st = q.sources().scans().status();
    if (st.available()) {
      h.raw("<p id=\"scanner\">").text("scanner on " + q.sources().host() + ": " + (st.running() ? "scanning now"
          : st.lastFinished() == null ? "no run finished yet" : "last run finished " + st.lastFinished() + " (" + st.lastTrigger() + ")")
          + (st.lastError() != null ? "; it failed: " + st.lastError() : ""));
      if (who.role().covers(Role.ADMIN)) {
        h.raw(" <button id=\"scan-now\">scan now</button>");
      }
      h.raw("</p>");
    }
    h.raw("<table id=\"hosts\"><thead><tr><th>host</th><th>profiles (pass / fail / error / n.a.)</th><th>last change</th>")
        .raw("</tr></thead><tbody>");
    for (String x : q.hosts()) {
      HostPosture p = all.get(x);
      h.raw("<tr class=\"host").raw(x.equals(host) ? " selected" : "").raw("\"><td>").link("/hosts?host=" + Html.q(x), x)
          .raw("</td><td>");
      if (p == null) {
        h.text("no scan verdict journaled");
      } else {
        p.counts().forEach((profile, c) -> h.el("span", "profile", profile + ": " + c.get("pass") + " / " + c.get("fail")
            + " / " + c.get("error") + " / " + c.get("notapplicable")).raw(" "));
      }
      h.td(p == null ? "" : Html.time(p.lastChangeNs())).raw("</tr>");
    }
    h.raw("</tbody></table>");
    HostPosture p = all.get(host);
    if (p == null) {
      return h.el("p", "muted", "no scan has run yet on " + host).toString();
    }
    h.raw("<h2>").text(host).raw("</h2>");
    var failing = p.failing();
    h.raw("<h3>Failed checks (").text(failing.size()).raw(")</h3>");
    h.raw("<table class=\"checks\" id=\"failed-checks\"><thead><tr><th>failed check</th><th>severity</th><th>found</th>")
        .raw("<th>remediation</th><th>controls</th><th>since</th></tr></thead><tbody>");
    for (HostPosture.CheckState c : failing) {
      var def = q.check(c.profile(), c.check());
      h.raw("<tr class=\"failed\"><td><b>").text(c.profile() + "/" + c.check()).raw("</b><br>")
          .text(def.map(d -> d.title()).orElse("")).raw("</td>").td(def.map(d -> d.severity().id()).orElse(""))
          .td(found(c.message(), def.map(d -> d.severity().id() + ": " + d.title()).orElse(null)))
          .td(def.map(d -> d.remediation()).orElse("(not in this build's content)"))
          .td(def.map(d -> String.join(", ", d.controls())).orElse("")).raw("<td>").text(Html.time(c.timeNs())).raw(" ")
          .link(Queries.recordHref(p.host(), c.seq()), "#" + c.seq()).raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    h.raw("<h3>History</h3><p class=\"muted\">each scan that changed a verdict (journaled compliance findings), newest first")
        .raw("</p><table id=\"scan-history\"><thead><tr><th>time</th><th>changed</th><th>to fail</th><th>to pass</th>")
        .raw("<th>after it (pass / fail per profile)</th><th>records</th></tr></thead><tbody>");
    for (HostPosture.ScanPoint pt : p.history()) {
      StringBuilder s = new StringBuilder();
      pt.counts().forEach((profile, c) -> s.append(profile).append(": ").append(c.get("pass")).append(" / ")
          .append(c.get("fail")).append("  "));
      h.raw("<tr class=\"scan-point\">").td(Html.time(pt.timeNs())).td(pt.changed()).td(pt.toFail()).td(pt.toPass())
          .td(s.toString().strip()).raw("<td>").link(Queries.recordHref(p.host(), pt.firstSeq()), "from #" + pt.firstSeq())
          .raw("</td></tr>");
    }
    return h.raw("</tbody></table>").toString();
  }

  /** The finding's message without the "severity: title" the other columns show: "(found x; expected y)" → "found x; expected y". */
  static String found(String message, String prefix) {
    if (prefix != null && message.startsWith(prefix + " (") && message.endsWith(")")) {
      return message.substring(prefix.length() + 2, message.length() - 1);
    }
    return message;
  }
}
