package dev.aiaudit.server.dashboard;

import dev.aiaudit.model.AssetKind;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/** Posture at a glance: scan pass rates, deployments by state, open alerts by severity, accesses to weights in 24 h. */
final class OverviewPage implements Page {

  @Override
  public String path() {
    return "/";
  }

  @Override
  public String title() {
    return "Overview";
  }

  @Override
  public String topics(Queries q) {
    return "file alert finding scan";
  }

  @Override
  public String content(Queries q, Function<String, String> param, Principal who) {
    Html h = new Html().raw("<h1>Overview</h1><section class=\"cards\">");
    h.raw("<div class=\"card\" id=\"card-hosts\"><h2>Host profiles</h2>");
    String host = Params.host(param);
    Map<String, HostPosture> postures = q.postures(host);
    if (postures.isEmpty()) {
      h.el("p", "muted", "no scan has run yet");
    } else {
      h.raw("<table>");
      postures.forEach((name, p) -> p.counts().forEach((profile, c) -> {
        int pass = c.get("pass");
        int fail = c.get("fail");
        h.raw("<tr>").td(postures.size() > 1 ? name + " · " + profile : profile).raw("<td class=\"num\">")
            .text(pass + fail == 0 ? "n/a" : Math.round(100.0 * pass / (pass + fail)) + " %")
            .raw("</td>").td(pass + " pass, " + fail + " fail").raw("</tr>");
      }));
      h.raw("</table>");
    }
    h.raw("</div>");
    Map<String, Integer> deps = Queries.deploymentCounts(q.deployments(host));
    h.raw("<div class=\"card\" id=\"card-deployments\"><h2>AI deployments</h2><table>");
    deps.forEach((state, n) -> h.raw("<tr class=\"state-").text(state).raw("\">").td(state)
        .raw("<td class=\"num\" id=\"deployments-").text(state).raw("\">").text(n).raw("</td></tr>"));
    h.raw("</table></div>");
    h.raw("<div class=\"card\" id=\"card-alerts\"><h2>Open alerts</h2><table>");
    q.openAlertsBySeverity(host).forEach((sev, n) -> h.raw("<tr class=\"sev-").text(sev).raw("\">").td(sev)
        .raw("<td class=\"num\" id=\"alerts-").text(sev).raw("\">").text(n).raw("</td></tr>"));
    h.raw("</table></div>");
    long weights = q.recentAccessRecords(AssetKind.MODEL_WEIGHTS, Duration.ofHours(24), host);
    h.raw("<div class=\"card\" id=\"card-accesses\"><h2>Accesses to weights, 24 h</h2><p class=\"big\" id=\"weights-24h\">")
        .text(weights).raw("</p><p class=\"muted\">records (coalesced reads count once)</p></div>");
    h.raw("</section>");
    return h.toString();
  }
}
