package dev.aiaudit.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.cli.evidence.PackVerifier;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.journal.sign.JournalKeys;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.server.dashboard.DashboardServer;
import dev.aiaudit.server.dashboard.DashboardSources;
import dev.aiaudit.server.dashboard.RecordSource;
import dev.aiaudit.server.dashboard.Role;
import dev.aiaudit.server.dashboard.ScanService;
import dev.aiaudit.server.dashboard.TokenStore;
import dev.aiaudit.server.dashboard.VerifyStatus;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.testing.Events;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/evidence} through the real dashboard server with the cli's real pack builder over a real journal:
 * a viewer's token and a browser session (the Evidence page's button) each download a pack that
 * {@code verify --pack} accepts with the journal's key; no token and bad parameters are
 * refused as JSON (one build at a time: EvidenceRouteTest in the server).
 */
class EvidenceEndpointTest {
  static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z

  @TempDir Path dir;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Test
  void viewerAndBrowserSession_downloadAVerifiablePack_refusalsAreJson() throws Exception {
    Path journal = dir.resolve("journal");
    try (Journal j = Journal.open(journal, JournalOptions.defaults())) {
      List<Event> files = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        files.add(Events.sample(i, T0 + i * 1_000_000_000L));
      }
      RecordedEvent cited = j.append(files).get(2);
      j.append(List.of(new AlertEvent(T0 + 60_000_000_000L, "node-1", "weights-read-unapproved", "t", "d",
          AlertSeverity.MEDIUM, List.of(), List.of(AlertEvent.Citation.of(cited)), "", 0, "m", "rules", null),
          new FindingEvent(T0 + 61_000_000_000L, "node-1", "k8s:ml/Deployment/a", "absent", "non-compliant", "p: why",
              "policy-watch")));
    }
    TokenStore tokens = TokenStore.inMemory();
    String viewer = tokens.issue("auditor", Role.VIEWER);
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      DashboardSources src = new DashboardSources("node-1", records(store), c -> 2004,
          e -> { }, ScanService.none(), () -> new VerifyStatus(true, 0, 0, 0, "", ""));
      try (DashboardServer server = DashboardServer.builder(src, tokens).port(0)
          .evidence(DashboardWiring.evidence(journal, "node-1")).build().start()) {
        String base = "http://127.0.0.1:" + server.port();
        String q = "/api/v1/evidence?since=2026-01-01T00:00:00Z&until=2026-01-02T00:00:00Z";

        HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(base + q)).header("Authorization", "Bearer " + viewer)
            .build(), HttpResponse.BodyHandlers.ofFile(dir.resolve("api.zip")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment; filename=\"ai-audit-evidence-node-1-");
        PackVerifier.Result ok = PackVerifier.verify(r.body(),
            JournalKeys.readPublicKey(JournalKeys.publicKeyFile(JournalKeys.defaultKeyFile(journal))), "journal key");
        assertThat(ok.ok()).as(ok.problem()).isTrue();
        assertThat(ok.journalOk()).isTrue();
        assertThat(String.join("\n", ok.details())).contains("1 alert(s); 3 journal record(s)");

        // the Evidence page's button is a GET form: a signed-in browser session downloads the same way
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(viewer, StandardCharsets.UTF_8))).build(),
            HttpResponse.BodyHandlers.ofString());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = cookie.substring(0, cookie.indexOf(';'));
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/evidence")).header("Cookie", cookie).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("action=\"/api/v1/evidence\"").contains("id=\"evidence-download\"")
            .contains("href=\"/evidence\"");
        HttpResponse<Path> viaForm = http.send(HttpRequest.newBuilder(URI.create(base
            + "/api/v1/evidence?since=30d&until=&records=all")).header("Cookie", cookie).build(),
            HttpResponse.BodyHandlers.ofFile(dir.resolve("form.zip")));
        assertThat(viaForm.statusCode()).isEqualTo(200);
        PackVerifier.Result all = PackVerifier.verify(viaForm.body(), null, null);
        assertThat(all.ok()).as(all.problem()).isTrue();

        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(base + q)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("authentication required");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/evidence?since=lately"))
            .header("Authorization", "Bearer " + viewer).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("since");
        HttpResponse<String> reversed = http.send(HttpRequest.newBuilder(URI.create(base
            + "/api/v1/evidence?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z&records=cited"))
            .header("Authorization", "Bearer " + viewer).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reversed.statusCode()).isEqualTo(400);
        assertThat(reversed.body()).contains("is after until");
        HttpResponse<String> records = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/evidence?records=some"))
            .header("Authorization", "Bearer " + viewer).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(records.statusCode()).isEqualTo(400);
        assertThat(records.body()).contains("records");
      }
    }
    assertThat(Files.size(dir.resolve("api.zip"))).isPositive();
    assertThat(Instant.now()).isAfter(Instant.parse("2026-01-02T00:00:00Z"));
  }

  /**
   * The index for the pages; no record by seq (the pack reads the journal itself). Both spellings of the record
   * look-up are here, without {@code @Override}, so this compiles against RecordSource before and after its host
   * parameter (another branch adds it).
   */
  @SuppressWarnings("unused")
  private static RecordSource records(EventStore store) {
    return new RecordSource() {
      @Override
      public long query(dev.aiaudit.store.EventQuery q, java.util.function.Consumer<? super dev.aiaudit.store.EventRow> sink) {
        return store.query(q, sink);
      }

      public Optional<dev.aiaudit.store.EventRow> record(long seq) {
        return Optional.empty();
      }

      public Optional<dev.aiaudit.store.EventRow> record(String host, long seq) {
        return Optional.empty();
      }
    };
  }
}
