package dev.aiaudit.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Attribution;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.server.dashboard.DashboardServer;
import dev.aiaudit.server.dashboard.DashboardSources;
import dev.aiaudit.server.dashboard.Role;
import dev.aiaudit.server.dashboard.ScanService;
import dev.aiaudit.server.dashboard.TokenStore;
import dev.aiaudit.server.dashboard.VerifyStatus;
import dev.aiaudit.store.pg.FleetBatch;
import dev.aiaudit.store.pg.FleetRow;
import dev.aiaudit.store.pg.FleetStore;
import dev.aiaudit.store.pg.HostHead;
import dev.aiaudit.store.pg.PgEventSearch;
import dev.aiaudit.testing.Postgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code up --store postgresql://...}: the same dashboard over a real (throwaway) fleet store shows every host, the
 * host filter narrows each view, and a cited record is found by host and seq (seqs repeat across hosts).
 */
class DashboardFleetTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void fleetStore_everyHost_hostFilter_recordsByHostAndSeq() throws Exception {
    try (Postgres pg = Postgres.startOrSkip()) {
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE fleet");
      }
      String url = "postgresql://postgres@127.0.0.1:" + pg.port() + "/fleet";
      long now = System.currentTimeMillis() * 1_000_000L - 3_600_000_000_000L;
      Map<String, List<Event>> byHost = new LinkedHashMap<>();
      for (String host : List.of("node-1", "node-2")) {
        List<Event> es = new ArrayList<>();
        int n = host.equals("node-1") ? 5 : 8;
        for (int i = 0; i < n; i++) {
          ProcessInfo p = new ProcessInfo(100 + i, 1, 1000, "alice", "/usr/bin/cat", "cat", 0, null, null, null, Attribution.EXACT, null);
          es.add(FileEvent.of(now + i * 1_000_000_000L, host, FileActivity.READ, p, "/models/" + host + "/m" + i + ".safetensors",
              AssetKind.MODEL_WEIGHTS, "fanotify"));
        }
        es.add(new FindingEvent(now + 20_000_000_000L, host, "scan:ai-host/check-a", "absent", host.equals("node-2") ? "fail" : "pass",
            "high: check a", "scan"));
        es.add(new AlertEvent(now + 30_000_000_000L, host, "weights-read-unapproved", "Weights read", "d", AlertSeverity.HIGH,
            List.of(), List.of(new AlertEvent.Citation(1, "00")), "g", 0, "alert on " + host, "rules", null));
        byHost.put(host, es);
      }
      List<FleetRow> rows = new ArrayList<>();
      Map<String, HostHead> heads = new LinkedHashMap<>();
      byHost.forEach((host, es) -> {
        String prev = "0".repeat(64);
        for (int i = 0; i < es.size(); i++) {
          Event e = es.get(i);
          String hash = HexFormat.of().formatHex(DashboardFleetTestHash.of(host + i));
          rows.add(new FleetRow(host, i + 1, e.timeNs(), e.classUid(), hash, prev, true, EventCodec.encodeToString(e), e, 0, rows.size()));
          prev = hash;
        }
        heads.put(host, new HostHead(es.size(), prev, es.size()));
      });
      try (FleetStore s = FleetStore.open(url)) {
        assertThat(s.write(new FleetBatch(rows, List.of(), List.of(), List.of(), heads))).isEqualTo(rows.size());
      }
      TokenStore tokens = TokenStore.inMemory();
      String viewer = tokens.issue("viewer", Role.VIEWER);
      try (PgEventSearch search = PgEventSearch.open(url);
          DashboardServer server = DashboardServer.builder(new DashboardSources("node-1", DashboardWiring.fleet(search),
              c -> switch (c) {
                case "file" -> 1001;
                case "finding" -> 2003;
                case "alert" -> 2004;
                default -> throw new IllegalArgumentException("unknown class '" + c + "'");
              }, null, ScanService.none(), () -> new VerifyStatus(true, 0, 0, 0, "", "")), tokens).port(0).build().start()) {
        HttpClient http = HttpClient.newHttpClient();
        java.util.function.Function<String, JsonNode> get = path -> {
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + viewer).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        };
        List<String> hosts = new ArrayList<>();
        get.apply("/api/v1/hosts").path("items").forEach(h -> hosts.add(h.path("host").asText()
            + "=" + h.path("profiles").path("ai-host").path("fail").asInt(-1)));
        assertThat(hosts).containsExactly("node-1=0", "node-2=1");

        JsonNode all = get.apply("/api/v1/events?class=file&limit=100");
        assertThat(all.path("items")).hasSize(13);
        JsonNode two = get.apply("/api/v1/events?class=file&host=node-2&limit=100");
        assertThat(two.path("items")).hasSize(8);
        two.path("items").forEach(i -> assertThat(i.path("device").path("hostname").asText()).isEqualTo("node-2"));

        JsonNode r1 = get.apply("/api/v1/records/1?host=node-1");
        JsonNode r2 = get.apply("/api/v1/records/1?host=node-2");
        assertThat(r1.path("file").path("path").asText()).isEqualTo("/models/node-1/m0.safetensors");
        assertThat(r2.path("file").path("path").asText()).isEqualTo("/models/node-2/m0.safetensors");

        assertThat(get.apply("/api/v1/overview").path("weights_access_records_24h").asLong()).isEqualTo(13);
        assertThat(get.apply("/api/v1/overview?host=node-2").path("weights_access_records_24h").asLong()).isEqualTo(8);
        assertThat(get.apply("/api/v1/overview?host=node-2").path("open_alerts").path("high").asInt()).isEqualTo(1);
        JsonNode alerts = get.apply("/api/v1/alerts?host=node-1");
        assertThat(alerts.path("items")).hasSize(1);
        assertThat(alerts.path("items").get(0).path("host").asText()).isEqualTo("node-1");
        assertThat(get.apply("/api/v1/scans").path("items")).hasSize(2);

        // the accesses timeline over the fleet store: PostgreSQL counts the buckets; they equal counting the records
        String since = java.time.Instant.ofEpochSecond(0, now).toString();
        String until = java.time.Instant.ofEpochSecond(0, now + 10_000_000_000L).toString();
        for (String host : new String[] {null, "node-2"}) {
          long[] expected = new long[5];
          byHost.forEach((h, es) -> es.stream().filter(e -> e instanceof FileEvent && (host == null || h.equals(host)))
              .forEach(e -> expected[(int) ((e.timeNs() - now) / 2_000_000_000L)]++));
          JsonNode t = get.apply("/api/v1/events/timeline?class=file&bucket=2s&since=" + since + "&until=" + until
              + (host == null ? "" : "&host=" + host));
          long[] got = new long[t.path("buckets").size()];
          for (int i = 0; i < got.length; i++) {
            got[i] = t.path("buckets").get(i).path("count").asLong();
          }
          assertThat(got).as("host " + host).containsExactly(expected);
        }
        assertThat(get.apply("/api/v1/events/timeline?class=file").path("total").asLong()).isEqualTo(13);
      }
    }
  }

  /** SHA-256 of a label: the test's stand-in chain hashes (the fleet store keeps what serve computed). */
  static final class DashboardFleetTestHash {
    static byte[] of(String s) {
      try {
        return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
