package dev.aiaudit.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.RecordedEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over a real DuckDB index: paging, parameter errors, acknowledgement, CSRF, GPU absence, SSE, limits. */
class DashboardApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void events_pageThroughEveryRecordOnce_newestFirst() throws Exception {
    try (DashboardFixture f = new DashboardFixture(dir, b -> {})) {
      for (int i = 0; i < 250; i++) {
        f.add(f.access("/models/m" + i + ".safetensors", "/usr/bin/python3"));
      }
      Set<Long> seen = new HashSet<>();
      String cursor = null;
      long previous = Long.MAX_VALUE;
      int pages = 0;
      do {
        var r = f.get("/api/v1/events?class=file&limit=100" + (cursor == null ? "" : "&cursor=" + cursor), f.viewer);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode page = JSON.readTree(r.body());
        for (JsonNode item : page.path("items")) {
          assertThat(seen.add(item.path("seq").asLong())).isTrue();
          assertThat(item.path("seq").asLong()).isLessThan(previous);
          previous = item.path("seq").asLong();
          assertThat(item.path("hash").asText()).hasSize(64);
          assertThat(item.path("class_uid").asInt()).isEqualTo(1001);
        }
        cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        pages++;
      } while (cursor != null);
      assertThat(seen).hasSize(250);
      assertThat(pages).isEqualTo(3);
      var csv = f.get("/api/v1/events?class=file&limit=5&format=csv&path=/models/m1*", f.viewer);
      assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
      assertThat(csv.body().lines().count()).isEqualTo(6); // header + 5
    }
  }

  @Test
  void badParameters_areJson400NamingTheParameter() throws Exception {
    try (DashboardFixture f = new DashboardFixture(dir, b -> {})) {
      for (String[] c : new String[][] {
          {"/api/v1/events?since=yesterday", "parameter since='yesterday'"},
          {"/api/v1/events?class=gpu", "parameter class='gpu': unknown class 'gpu'"},
          {"/api/v1/events?kind=weights", "parameter kind='weights': unknown value"},
          {"/api/v1/events?limit=0", "parameter limit='0': expected 1..1000"},
          {"/api/v1/events?cursor=zzz", "parameter cursor='zzz'"},
          {"/api/v1/events?since=1h&until=2h", "time range ends"},
          {"/api/v1/events?format=xml", "parameter format='xml'"},
          {"/api/v1/alerts?severity=urgent", "parameter severity='urgent'"},
          {"/api/v1/records/abc", "parameter seq='abc'"},
          {"/api/v1/events?path=%1b%5b31m", null}}) {
        var r = f.get(c[0], f.viewer);
        if (c[1] == null) {
          assertThat(r.statusCode()).isEqualTo(200); // a control character in a glob is just a glob
          continue;
        }
        assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.path("status").asInt()).isEqualTo(400);
        assertThat(e.path("error").asText()).as(c[0]).contains(c[1]);
      }
      assertThat(f.get("/api/v1/records/999", f.viewer).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void acknowledge_isJournaled_andShowsOnTheAlert_once() throws Exception {
    try (DashboardFixture f = new DashboardFixture(dir, b -> {})) {
      var cited = f.add(f.access("/models/a.safetensors", "/usr/bin/cat"));
      var alert = f.add(f.alert(cited, "cat read weights"));
      var r = f.send("POST", "/api/v1/alerts/" + alert.seq() + "/ack", f.admin, "{\"comment\":\"known backup job\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      assertThat(f.journaled).singleElement().isInstanceOfSatisfying(FindingEvent.class, e -> {
        assertThat(e.subject()).isEqualTo("alert:" + alert.seq());
        assertThat(e.state()).isEqualTo("acknowledged");
        assertThat(e.message()).isEqualTo("known backup job");
        assertThat(e.source()).isEqualTo("dashboard:admin");
      });
      JsonNode a = JSON.readTree(f.get("/api/v1/alerts", f.viewer).body()).path("items").get(0);
      assertThat(a.path("state").asText()).isEqualTo("acknowledged");
      assertThat(a.path("ack").path("comment").asText()).isEqualTo("known backup job");
      assertThat(a.path("cites").get(0).path("hash").asText()).isEqualTo(cited.hash());
      assertThat(f.send("POST", "/api/v1/alerts/" + alert.seq() + "/ack", f.admin, "{\"comment\":\"again\"}").statusCode())
          .isEqualTo(409);
      assertThat(f.send("POST", "/api/v1/alerts/" + cited.seq() + "/ack", f.admin, "{\"comment\":\"x\"}").statusCode())
          .isEqualTo(400); // not an alert
      assertThat(f.send("POST", "/api/v1/alerts/" + alert.seq() + "/ack", f.admin, "{\"comment\":7}").statusCode())
          .isEqualTo(400);
      // the acknowledgement is not a deployment
      assertThat(JSON.readTree(f.get("/api/v1/deployments", f.viewer).body()).path("items")).isEmpty();
    }
  }

  @Test
  void browserSession_writesNeedTheCsrfToken_andTheCookieIsHttpOnlySameSite() throws Exception {
    try (DashboardFixture f = new DashboardFixture(dir, b -> {})) {
      var cited = f.add(f.access("/models/a.safetensors", "/usr/bin/cat"));
      var alert = f.add(f.alert(cited, "cat read weights"));
      String[] s = f.signIn(f.admin);
      assertThat(s[2]).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.url("/api/v1/alerts/" + alert.seq() + "/ack")))
          .header("Cookie", s[0]).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"ok\"}"));
      var noCsrf = f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(noCsrf.statusCode()).isEqualTo(403);
      assertThat(noCsrf.body()).contains("X-CSRF-Token");
      var wrong = f.http.send(b.copy().header("X-CSRF-Token", s[1] + "x").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(wrong.statusCode()).isEqualTo(403);
      assertThat(f.journaled).isEmpty();
      var ok = f.http.send(b.copy().header("X-CSRF-Token", s[1]).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
      // a session read needs no CSRF token; a page without a session goes to the sign-in page
      assertThat(f.http.send(HttpRequest.newBuilder(URI.create(f.url("/api/v1/alerts"))).header("Cookie", s[0]).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      var anon = f.get("/alerts", null);
      assertThat(anon.statusCode()).isEqualTo(302);
      assertThat(anon.headers().firstValue("Location")).hasValue("/login");
      assertThat(f.http.send(HttpRequest.newBuilder(URI.create(f.url("/login"))).header("Content-Type",
          "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=aia_wrong")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void hostileStrings_areEscapedOnEveryPage() throws Exception {
    String path = "/models/<script>alert(1)</script>\"'&.safetensors";
    String subject = "k8s:ml/Deployment/<img src=x onerror=alert(2)>";
    try (DashboardFixture f = new DashboardFixture(dir, b -> {})) {
      var cited = f.add(f.access(path, "/tmp/<b>evil</b>"));
      f.add(f.alert(cited, "read " + path));
      f.add(f.finding(subject, "absent", "non-compliant", "[require-model-card] <svg onload=alert(3)> missing"));
      String cookie = f.signIn(f.viewer)[0];
      for (String page : List.of("/", "/deployments", "/alerts", "/accesses", "/hosts", "/gpu")) {
        var r = f.http.send(HttpRequest.newBuilder(URI.create(f.url(page))).header("Cookie", cookie).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(page).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        assertThat(r.body()).as(page).doesNotContain("<script>alert", "<img src=x", "<svg onload", "<b>evil");
      }
      var acc = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/accesses"))).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(acc).contains("/models/&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;.safetensors");
      var deps = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/deployments"))).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(deps).contains("k8s:ml/Deployment/&lt;img src=x onerror=alert(2)&gt;", "&lt;svg onload=alert(3)&gt;");
      // and a hostile search value comes back escaped in the form
      var search = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/accesses?process=%22%3E%3Cscript%3Ex()%3C/script%3E")))
          .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(search).doesNotContain("<script>x()").contains("&quot;&gt;&lt;script&gt;x()");
    }
  }

  @Test
  void gpu_withoutTelemetry_saysSo() throws Exception {
    try (DashboardFixture f = new DashboardFixture(dir, b -> {})) {
      JsonNode g = JSON.readTree(f.get("/api/v1/gpu", f.viewer).body());
      assertThat(g.path("available").asBoolean()).isFalse();
      assertThat(g.path("reason").asText()).startsWith("no GPU telemetry on this host");
      assertThat(g.path("items")).isEmpty();
      String cookie = f.signIn(f.viewer)[0];
      assertThat(f.http.send(HttpRequest.newBuilder(URI.create(f.url("/gpu"))).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString()).body()).contains("no GPU telemetry on this host");
    }
  }

  @Test
  void deployments_latestFindingPerSubject_withEvidence() throws Exception {
    try (DashboardFixture f = new DashboardFixture(dir, b -> {})) {
      f.add(f.finding("k8s:ml/Deployment/a", "absent", "compliant", "no violations"));
      f.add(f.finding("k8s:ml/Deployment/b", "absent", "compliant", "no violations"));
      var last = f.add(f.finding("k8s:ml/Deployment/b", "compliant", "non-compliant",
          "[x-policy] first; with a semicolon; [y-policy] second"));
      JsonNode items = JSON.readTree(f.get("/api/v1/deployments", f.viewer).body()).path("items");
      assertThat(items).hasSize(2);
      JsonNode b = items.get(0); // non-compliant first
      assertThat(b.path("subject").asText()).isEqualTo("k8s:ml/Deployment/b");
      assertThat(b.path("state").asText()).isEqualTo("non-compliant");
      assertThat(b.path("violations")).extracting(JsonNode::asText)
          .containsExactly("[x-policy] first; with a semicolon", "[y-policy] second");
      assertThat(b.path("evidence").path("seq").asLong()).isEqualTo(last.seq());
      assertThat(b.path("evidence").path("hash").asText()).isEqualTo(last.hash());
      JsonNode rec = JSON.readTree(f.get("/api/v1/records/" + last.seq(), f.viewer).body());
      assertThat(rec.path("hash").asText()).isEqualTo(last.hash());
      JsonNode o = JSON.readTree(f.get("/api/v1/overview", f.viewer).body());
      assertThat(o.path("deployments").path("non-compliant").asInt()).isEqualTo(1);
      assertThat(o.path("deployments").path("compliant").asInt()).isEqualTo(1);
    }
  }

  @Test
  void stream_sendsTheTopicsOfIndexedRecords() throws Exception {
    try (DashboardFixture f = new DashboardFixture(dir, b -> {})) {
      BlockingQueue<String> lines = new ArrayBlockingQueue<>(100);
      var resp = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/api/v1/stream")))
          .header("Authorization", "Bearer " + f.viewer).header("Accept", "text/event-stream").build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(resp.statusCode()).isEqualTo(200);
      Thread reader = Thread.ofVirtual().start(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body()))) {
          String line;
          while ((line = in.readLine()) != null) {
            lines.offer(line);
          }
        } catch (Exception e) {
          // closed
        }
      });
      assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("event: hello");
      var row = f.add(f.access("/models/x.gguf", "/usr/bin/cat"));
      f.server.feed().published(List.of(new RecordedEvent(row.seq(), row.hash(), row.event())));
      String data = null;
      for (String l; (l = lines.poll(10, TimeUnit.SECONDS)) != null; ) {
        if (l.startsWith("data: {\"seq\":")) {
          data = l;
          break;
        }
      }
      assertThat(data).isEqualTo("data: {\"seq\":" + row.seq() + ",\"topics\":[\"file\"]}");
      assertThat(f.server.feed().clients()).isEqualTo(1);
      resp.body().close();
      reader.interrupt();
    }
  }

  @Test
  void limits_rateAndBodySize() throws Exception {
    try (DashboardFixture f = new DashboardFixture(dir, b -> b.requestsPerMinute(5).maxBodyBytes(4096))) {
      int ok = 0;
      int limited = 0;
      for (int i = 0; i < 8; i++) {
        var r = f.get("/api/v1/overview", f.viewer);
        if (r.statusCode() == 429) {
          limited++;
          assertThat(r.body()).contains("too many requests");
        } else {
          ok++;
        }
      }
      assertThat(ok).isEqualTo(5);
      assertThat(limited).isEqualTo(3);
      assertThat(f.get("/healthz", null).statusCode()).isEqualTo(200); // never limited
      assertThat(f.server.rateLimited()).isEqualTo(3);
    }
    try (DashboardFixture f = new DashboardFixture(dir.resolve("b"), b -> b.maxBodyBytes(4096))) {
      var r = f.send("POST", "/api/v1/tokens", f.admin, "{\"name\":\"" + "n".repeat(10_000) + "\"}");
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(f.tokens.list()).hasSize(2);
    }
  }

  @Test
  void tokens_issuedOnce_storedHashed_revocable() throws Exception {
    Path file = dir.resolve("tokens.json");
    TokenStore s = TokenStore.open(file);
    String admin = s.bootstrapAdmin().orElseThrow();
    assertThat(TokenStore.open(file).bootstrapAdmin()).isEmpty(); // only on the first start
    String viewer = s.issue("ci", Role.VIEWER);
    String text = java.nio.file.Files.readString(file);
    assertThat(text).doesNotContain(admin, viewer).contains(TokenStore.sha256(viewer));
    assertThat(java.nio.file.Files.getPosixFilePermissions(file)).hasSize(2); // rw-------
    TokenStore again = TokenStore.open(file);
    assertThat(again.authenticate(viewer)).hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.VIEWER));
    assertThat(again.revoke("ci")).isTrue();
    assertThat(TokenStore.open(file).authenticate(viewer)).isEmpty();
    assertThat(TokenStore.open(file).authenticate(admin)).isPresent();
  }
}
