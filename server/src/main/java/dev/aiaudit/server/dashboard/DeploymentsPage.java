package dev.aiaudit.server.dashboard;

import java.util.function.Function;

/** One row per AI deployment: state, violated policies with reasons and control ids, the journal record behind it. */
final class DeploymentsPage implements Page {

  @Override
  public String path() {
    return "/deployments";
  }

  @Override
  public String title() {
    return "Deployments";
  }

  @Override
  public String topics(Queries q) {
    return "finding";
  }

  @Override
  public String content(Queries q, Function<String, String> param, Principal who) {
    var deps = q.deployments();
    Html h = new Html().raw("<h1>AI deployments</h1>");
    if (deps.isEmpty()) {
      return h.el("p", "muted", "no AI deployment under policy watch yet (ai-audit up --policy-dir DIR)").toString();
    }
    h.raw("<table id=\"deployments\"><thead><tr><th>deployment</th><th>state</th><th>failing policies</th>")
        .raw("<th>controls</th><th>since</th><th>evidence</th></tr></thead><tbody>");
    for (DeploymentView d : deps) {
      h.raw("<tr class=\"deployment state-").text(d.bucket()).raw("\" data-subject=\"").text(d.subject())
          .raw("\" data-state=\"").text(d.state()).raw("\">");
      h.td(d.subject()).raw("<td><span class=\"badge state-").text(d.bucket()).raw("\">").text(d.state()).raw("</span></td>");
      h.raw("<td>");
      if (d.violations().isEmpty()) {
        h.text("none");
      } else {
        h.raw("<ul>");
        d.violations().forEach(v -> h.el("li", null, v));
        h.raw("</ul>");
      }
      h.raw("</td><td>");
      d.controls().forEach(c -> h.el("span", "control", c));
      h.raw("</td>").td(Html.time(d.timeNs())).raw("<td>")
          .link(Queries.recordHref(d.host(), d.seq()), "journal #" + d.seq() + " " + d.hash().substring(0, 12) + "…")
          .raw("</td></tr>");
    }
    return h.raw("</tbody></table>").toString();
  }
}
