package dev.aiaudit.server.dashboard;

import java.util.List;

/** The frame around every page: navigation, the CSRF token for writes, the chart library and the live-update script. */
final class Layout {
  static final String UPLOT = "/webjars/uplot/1.6.30/dist/";

  private Layout() {}

  static String page(List<Page> nav, Page page, String content, String topics, Principal who) {
    Html h = new Html();
    h.raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<title>ai-audit · ").text(page.title()).raw("</title>")
        .raw("<meta name=\"csrf-token\" content=\"").text(who.csrf() == null ? "" : who.csrf()).raw("\">")
        .raw("<link rel=\"stylesheet\" href=\"").raw(UPLOT).raw("uPlot.min.css\">")
        .raw("<link rel=\"stylesheet\" href=\"/static/dashboard.css\"></head>")
        .raw("<body data-topics=\"").text(topics).raw("\" data-role=\"").text(who.role().id()).raw("\">")
        .raw("<header><span class=\"brand\">ai-audit</span><nav>");
    for (Page p : nav) {
      h.raw("<a href=\"").text(p.path()).raw("\"").raw(p == page ? " class=\"active\"" : "").raw(">").text(p.title()).raw("</a>");
    }
    h.raw("</nav><span class=\"who\">").text(who.name()).raw(" (").text(who.role().id()).raw(")")
        .raw(" <span id=\"live\" class=\"live off\" title=\"live updates\">●</span>")
        .raw(" <form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"")
        .text(who.csrf() == null ? "" : who.csrf()).raw("\"><button>sign out</button></form></span></header>")
        .raw("<main id=\"content\">").raw(content).raw("</main>")
        .raw("<script src=\"").raw(UPLOT).raw("uPlot.iife.min.js\"></script>")
        .raw("<script src=\"/static/dashboard.js\"></script></body></html>\n");
    return h.toString();
  }

  static String login(String problem) {
    Html h = new Html();
    h.raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ai-audit · sign in</title>")
        .raw("<link rel=\"stylesheet\" href=\"/static/dashboard.css\"></head><body class=\"login\"><main>")
        .raw("<h1>ai-audit</h1><form method=\"post\" action=\"/login\">")
        .raw("<label>API token <input type=\"password\" name=\"token\" id=\"token\" autocomplete=\"off\" required></label>")
        .raw("<button id=\"signin\">sign in</button></form>");
    if (problem != null) {
      h.el("p", "error", problem);
    }
    h.raw("<p class=\"hint\">The admin token is printed once by <code>ai-audit up</code> on its first start; more tokens: ")
        .raw("<code>POST /api/v1/tokens</code>.</p></main></body></html>\n");
    return h.toString();
  }
}
