package dev.aiaudit.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.model.Attribution;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.GpuDevice;
import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.model.GpuMetrics;
import dev.aiaudit.model.GpuProcessUsage;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.scan.CheckResult;
import dev.aiaudit.scan.Scanner;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hosts page and its API read the scan history from journaled verdict changes (so a restart over the same
 * index shows it all again, and other hosts' records show as other hosts); the GPU page charts telemetry records.
 */
class DashboardHostsGpuTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static FindingEvent verdict(long t, String host, String subject, String prev, String state) {
    return new FindingEvent(t, host, subject, prev, state, "high: a check (found x; expected y)", "scan");
  }

  private String page(DashboardFixture f, String path) throws Exception {
    String cookie = f.signIn(f.viewer)[0];
    HttpResponse<String> r = f.http.send(HttpRequest.newBuilder(URI.create(f.url(path))).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }

  @Test
  void hosts_historyFromJournaledVerdicts_survivesRestart_perHost() throws Exception {
    List<CheckResult> checks = Scanner.builtin().checks("ai-host");
    CheckResult c1 = checks.get(0);
    CheckResult c2 = checks.get(1);
    String s1 = "scan:ai-host/" + c1.id();
    String s2 = "scan:ai-host/" + c2.id();
    long seq;
    long scan2Seq;
    try (DashboardFixture f = new DashboardFixture(dir, b -> { })) {
      long t1 = f.nextTime();
      f.add(verdict(t1, DashboardFixture.HOST, s1, "absent", "pass"));
      f.add(verdict(t1, DashboardFixture.HOST, s2, "absent", "fail"));
      long t2 = f.nextTime();
      scan2Seq = f.add(verdict(t2, DashboardFixture.HOST, s1, "pass", "fail")).seq();
      // not the live host's posture: a scan of an image root
      f.add(verdict(f.nextTime(), DashboardFixture.HOST, s1 + "@root:/mnt/image", "absent", "pass"));
      f.add(verdict(f.nextTime(), "node-2", s1, "absent", "pass"));
      seq = f.add(verdict(f.nextTime(), "evil<script>x</script>", s2, "absent", "fail")).seq();
      // a policy-watch finding is no scan verdict
      f.add(f.finding("scan:ai-host/not-a-scan", "absent", "fail", "from policy watch"));
      seq++;
    }
    // a restart: a new server over the same index; nothing is carried in memory
    try (DashboardFixture f = new DashboardFixture(dir, b -> { }).continuingAt(seq)) {
      JsonNode hosts = JSON.readTree(f.get("/api/v1/hosts?host=" + DashboardFixture.HOST, f.viewer).body()).path("items");
      assertThat(hosts).hasSize(1);
      JsonNode n1 = hosts.get(0);
      assertThat(n1.path("profiles").path("ai-host").path("fail").asInt()).isEqualTo(2);
      assertThat(n1.path("profiles").path("ai-host").path("pass").asInt()).isZero();
      List<String> failed = new ArrayList<>();
      n1.path("failed").forEach(x -> failed.add(x.path("id").asText()));
      assertThat(failed).containsExactlyInAnyOrder(c1.id(), c2.id());
      JsonNode f1 = n1.path("failed").get(failed.indexOf(c1.id()));
      assertThat(f1.path("remediation").asText()).isEqualTo(c1.remediation());
      assertThat(f1.path("seq").asLong()).isEqualTo(scan2Seq);
      assertThat(f.get("/api/v1/records/" + scan2Seq + "?host=" + DashboardFixture.HOST, f.viewer).statusCode()).isEqualTo(200);
      assertThat(f.get("/api/v1/records/" + scan2Seq + "?host=node-2", f.viewer).statusCode()).isEqualTo(404);

      JsonNode scans = JSON.readTree(f.get("/api/v1/scans", f.viewer).body());
      assertThat(scans.path("scanner").path("available").asBoolean()).isFalse();
      List<String> order = new ArrayList<>();
      scans.path("items").forEach(x -> order.add(x.path("host").asText() + ":" + x.path("changed").asInt()));
      // newest first: the hostile host, node-2, then node-1's second and first scans (the image scan is not one)
      assertThat(order).containsExactly("evil<script>x</script>:1", "node-2:1", DashboardFixture.HOST + ":1", DashboardFixture.HOST + ":2");
      JsonNode second = scans.path("items").get(2);
      assertThat(second.path("to_fail").asInt()).isEqualTo(1);
      assertThat(second.path("counts").path("ai-host").path("fail").asInt()).isEqualTo(2);
      JsonNode only2 = JSON.readTree(f.get("/api/v1/scans?host=node-2", f.viewer).body()).path("items");
      assertThat(only2).hasSize(1);
      assertThat(only2.get(0).path("counts").path("ai-host").path("pass").asInt()).isEqualTo(1);
      assertThat(f.get("/api/v1/scans?host=%01", f.viewer).statusCode()).isEqualTo(400);

      String html = page(f, "/hosts");
      assertThat(html).contains("<h2>" + DashboardFixture.HOST + "</h2>").contains(Html.esc(c1.remediation()));
      assertThat(count(html, "class=\"scan-point\"")).isEqualTo(2);
      assertThat(count(html, "<tr class=\"failed\">")).isEqualTo(2);
      assertThat(html).doesNotContain("<script>x</script>").contains("evil&lt;script&gt;x&lt;/script&gt;");
      String other = page(f, "/hosts?host=node-2");
      assertThat(other).contains("<h2>node-2</h2>");
      assertThat(count(other, "<tr class=\"failed\">")).isZero();
      assertThat(count(other, "class=\"scan-point\"")).isEqualTo(1);
      // the overview's profile card: this host and the others, from the same records
      assertThat(page(f, "/")).doesNotContain("no scan has run yet").contains("node-2 · ai-host");
      assertThat(page(f, "/?host=node-2")).contains("100 %");
    }
  }

  @Test
  void gpu_chartsPerGpuAndPerProcess_fromRecords() throws Exception {
    try (DashboardFixture f = new DashboardFixture(dir, DashboardFixture::withGpu, b -> { })) {
      String none = page(f, "/gpu");
      assertThat(none).contains("no GPU telemetry on this host").doesNotContain("data-chart=");
      GpuDevice g0 = new GpuDevice(0, "GPU-0000", "H200", "0000:01:00.0", false);
      GpuDevice g1 = new GpuDevice(1, "GPU-1111", "H200", "0000:02:00.0", false);
      ProcessInfo pod = new ProcessInfo(77, 1, 0, "root", "/usr/bin/python3", "python3 train.py", 0, "c0ffee", "containerd",
          "pod-1234", Attribution.EXACT, null);
      long t = System.currentTimeMillis() * 1_000_000L - 1_800_000_000_000L;
      long energyMj = 0;
      int samples = 40;
      for (int i = 0; i < samples; i++) {
        long at = t + i * 30_000_000_000L;
        long interval = i == 0 ? -1 : 9_000_000L; // 9 kJ per 30 s = 300 W
        energyMj += Math.max(0, interval);
        f.add(GpuEvent.device(at, DashboardFixture.HOST, g0, new GpuMetrics(40, 10, 8L << 30, 141L << 30, 300_000, 0, 60,
            1800, 3000, 0, interval, i == 0 ? 0 : 30_000_000_000L), "nvml"));
        f.add(GpuEvent.device(at, DashboardFixture.HOST, g1, new GpuMetrics(80, 20, 16L << 30, 141L << 30, 500_000, 0, 70,
            1800, 3000, 0, -1, 0), "nvml"));
        f.add(GpuEvent.process(at, DashboardFixture.HOST, g0, pod, new GpuProcessUsage(4L << 30, -1, -1, 35, 5, "compute",
            30_000_000_000L, 4_000_000L), "nvml"));
      }
      String html = page(f, "/gpu");
      for (String chart : List.of("gpu-util", "gpu-mem", "gpu-power", "gpu-energy", "proc-util", "proc-mem", "proc-energy")) {
        assertThat(html).contains("data-chart=\"" + chart + "\"");
      }
      JsonNode util = chart(html, "gpu-util");
      assertThat(util.path("labels")).hasSize(2);
      assertThat(util.path("labels").get(0).asText()).isEqualTo(DashboardFixture.HOST + " gpu0 H200");
      JsonNode data = util.path("data");
      assertThat(data).hasSize(3);
      int points = data.get(0).size();
      assertThat(points).isBetween(samples, samples + 1); // 30 s apart, bucketed per 10 s
      data.get(1).forEach(v -> assertThat(v.isNull() || v.asDouble() == 40.0).isTrue());
      data.get(2).forEach(v -> assertThat(v.isNull() || v.asDouble() == 80.0).isTrue());
      JsonNode energy = chart(html, "gpu-energy");
      assertThat(energy.path("labels")).hasSize(1); // gpu1 reports no energy: no series, not zeros
      double lastWh = 0;
      for (JsonNode v : energy.path("data").get(1)) {
        lastWh = v.isNull() ? lastWh : v.asDouble();
      }
      assertThat(lastWh).isCloseTo(energyMj / 3.6e6, org.assertj.core.data.Offset.offset(0.001));
      JsonNode proc = chart(html, "proc-mem");
      assertThat(proc.path("labels").get(0).asText()).isEqualTo("pod pod-1234 on " + DashboardFixture.HOST + " gpu0 H200");
      assertThat(proc.path("data").get(1).get(0).asDouble()).isEqualTo(4.0);

      JsonNode api = JSON.readTree(f.get("/api/v1/gpu?limit=10", f.viewer).body());
      assertThat(api.path("available").asBoolean()).isTrue();
      assertThat(api.path("items")).hasSize(10);
      JsonNode other = JSON.readTree(f.get("/api/v1/gpu?host=node-2", f.viewer).body());
      assertThat(other.path("available").asBoolean()).isFalse();
      assertThat(page(f, "/gpu?host=node-2")).contains("no GPU telemetry on this host");
    }
  }

  private static JsonNode chart(String html, String id) throws Exception {
    Matcher m = Pattern.compile("<script type=\"application/json\" id=\"" + id + "-data\">(.*?)</script>").matcher(html);
    assertThat(m.find()).as(id).isTrue();
    return JSON.readTree(m.group(1));
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
