package dev.aiaudit.bench.dashboard;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Attribution;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.server.dashboard.DashboardServer;
import dev.aiaudit.server.dashboard.DashboardSources;
import dev.aiaudit.server.dashboard.RecordSource;
import dev.aiaudit.server.dashboard.Role;
import dev.aiaudit.server.dashboard.ScanService;
import dev.aiaudit.server.dashboard.TokenStore;
import dev.aiaudit.server.dashboard.VerifyStatus;
import dev.aiaudit.store.EventStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code benchmarks.jar dashboard [EVENTS] [SSE_CLIENTS]}: a DuckDB index of EVENTS records spread over 24 h (file
 * records, with an alert every 10,000 and a scan verdict change every 100,000) behind a dashboard on loopback; API
 * latency p50/p99 (sequential requests after a warm-up) and the process CPU per request (client and server share
 * the JVM: CPU survives a loaded machine, wall time does not) for the overview, event searches (first page and a
 * keyset page further back), alerts and hosts; and the time from one published batch to its SSE event at each of
 * SSE_CLIENTS clients. {@code -Dbench.dashboard.dir=DIR} keeps the index in DIR and reuses it when it holds EVENTS
 * records (a 10-million-record fill takes minutes).
 */
public final class DashboardBench {
  private DashboardBench() {}

  public static List<String[]> run(long events, int sseClients) throws Exception {
    String keep = System.getProperty("bench.dashboard.dir");
    Path dir = keep != null ? Files.createDirectories(Path.of(keep)) : Files.createTempDirectory("dashboard-bench");
    List<String[]> rows = new ArrayList<>();
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      long have = store.count(dev.aiaudit.store.EventQuery.builder().limit(0).build());
      if (have != events) {
        if (have != 0) {
          throw new IllegalStateException(dir + " holds " + have + " records, not " + events + ": remove it");
        }
        long fill = System.nanoTime();
        fill(store, events);
        rows.add(new String[] {"fill the index", events + " records", String.format("%.1f s", (System.nanoTime() - fill) / 1e9), ""});
      } else {
        rows.add(new String[] {"reuse the index in " + dir, events + " records", "", ""});
      }
      RecordSource src = RecordSource.over("bench", store, seq -> Optional.empty());
      TokenStore tokens = TokenStore.inMemory();
      String token = tokens.issue("bench", Role.VIEWER);
      DashboardSources s = new DashboardSources("bench", src, c -> switch (c) {
        case "file" -> 1001;
        case "alert" -> 2004;
        case "finding" -> 2003;
        default -> throw new IllegalArgumentException("unknown class " + c);
      }, null, ScanService.none(), () -> new VerifyStatus(true, 0, 0, 0, "", ""));
      try (DashboardServer server = DashboardServer.builder(s, tokens).port(0).requestsPerMinute(1_000_000).build().start()) {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        rows.add(latency(http, base + "/api/v1/overview", token, 100));
        rows.add(latency(http, base + "/api/v1/events?class=file&limit=100", token, 100));
        rows.add(latency(http, base + "/api/v1/events?class=file&process=python3&path=/models/m17*&limit=100", token, 100));
        rows.add(latency(http, base + "/api/v1/events?class=file&kind=training_data&since=1h&limit=100", token, 100));
        // a keyset page twelve hours back: the cursor of a page read there
        String back = java.time.Instant.now().minus(java.time.Duration.ofHours(12)).toString();
        String first = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events?class=file&limit=100&until=" + back))
            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
        String cursor = new com.fasterxml.jackson.databind.ObjectMapper().readTree(first).path("next_cursor").asText();
        rows.add(latency(http, base + "/api/v1/events?class=file&limit=100&cursor=" + cursor, token, 100));
        rows.add(latency(http, base + "/api/v1/alerts?limit=200", token, 100));
        rows.add(latency(http, base + "/api/v1/hosts", token, 50));
        rows.add(fanOut(http, base, token, server, sseClients, 30));
      }
    } finally {
      if (keep == null) {
        try (var w = Files.walk(dir)) {
          w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    return rows;
  }

  private static void fill(EventStore store, long n) throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    long step = 86_400_000_000_000L / Math.max(1, n);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    List<RecordedEvent> batch = new ArrayList<>(4096);
    for (long i = 1; i <= n; i++) {
      ProcessInfo p = new ProcessInfo((int) (1000 + i % 5000), 1, 1000, "u" + i % 7, i % 3 == 0 ? "/usr/bin/python3" : "/usr/bin/cat",
          null, 0, null, null, null, Attribution.EXACT, null);
      AssetKind kind = i % 2 == 0 ? AssetKind.MODEL_WEIGHTS : AssetKind.TRAINING_DATA;
      long t = now - 86_400_000_000_000L + i * step;
      dev.aiaudit.model.Event e;
      if (i % 100_000 == 0) {
        e = new dev.aiaudit.model.FindingEvent(t, "bench", "scan:ai-host/check-" + (i / 100_000 % 50), "absent",
            i % 200_000 == 0 ? "fail" : "pass", "high: a check (found x; expected y)", "scan");
      } else if (i % 10_000 == 0) {
        e = new dev.aiaudit.model.AlertEvent(t, "bench", "weights-read-unapproved", "Weights read", "d",
            dev.aiaudit.model.AlertSeverity.HIGH, List.of(), List.of(new dev.aiaudit.model.AlertEvent.Citation(i - 1, "00")), "g",
            0, "/models/m" + (i % 1000) + ".safetensors read by cat", "rules", null);
      } else {
        e = FileEvent.of(t, "bench", FileActivity.READ, p, "/models/m" + (i % 1000) + ".safetensors", kind, "fanotify");
      }
      batch.add(RecordedEvent.of(i, sha.digest(Long.toString(i).getBytes()), e));
      if (batch.size() == 4096) {
        store.insert(batch);
        batch.clear();
      }
    }
    store.insert(batch);
    store.flush();
  }

  private static String[] latency(HttpClient http, String url, String token, int n) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build();
    for (int i = 0; i < Math.max(3, n / 10); i++) {
      http.send(req, HttpResponse.BodyHandlers.discarding());
    }
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long[] ns = new long[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
      ns[i] = System.nanoTime() - t;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + r.statusCode());
      }
    }
    double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6 / n;
    Arrays.sort(ns);
    String shown = url.substring(url.indexOf("/api")).replaceAll("cursor=[0-9.]+", "cursor=<12 h back>");
    return new String[] {"GET " + shown, n + " requests, " + String.format("%.1f CPU-ms/req", cpuMs),
        String.format("p50 %.1f ms", ns[n / 2] / 1e6), String.format("p99 %.1f ms", ns[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / 1e6)};
  }

  /** Publishes {@code rounds} batches to {@code clients} SSE clients; latency from publish to each client's line. */
  private static String[] fanOut(HttpClient http, String base, String token, DashboardServer server, int clients, int rounds)
      throws Exception {
    List<long[]> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicLongArray sentAt = new AtomicLongArray(rounds + 1);
    CountDownLatch connected = new CountDownLatch(clients);
    List<HttpResponse<java.io.InputStream>> open = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/stream"))
          .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
          HttpResponse.BodyHandlers.ofInputStream());
      open.add(r);
      Thread.ofVirtual().start(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body()))) {
          String line;
          while ((line = in.readLine()) != null) {
            if (line.startsWith("event: hello")) {
              connected.countDown();
            } else if (line.startsWith("data: {\"seq\":")) {
              long seq = Long.parseLong(line.substring(13, line.indexOf(',')));
              long now = System.nanoTime();
              if (seq > 0 && seq <= rounds) {
                samples.add(new long[] {now - sentAt.get((int) seq)});
              }
            }
          }
        } catch (Exception e) {
          // closed at the end
        }
      });
    }
    if (!connected.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("only " + (clients - connected.getCount()) + " SSE clients connected");
    }
    FileEvent e = FileEvent.of(System.currentTimeMillis() * 1_000_000L, "bench", FileActivity.READ,
        ProcessInfo.unknown(1), "/models/x.safetensors", AssetKind.MODEL_WEIGHTS, "fanotify");
    for (int round = 1; round <= rounds; round++) {
      sentAt.set(round, System.nanoTime());
      server.feed().published(List.of(new RecordedEvent(round, "00", e)));
      Thread.sleep(50);
    }
    Thread.sleep(2000);
    open.forEach(r -> {
      try {
        r.body().close();
      } catch (Exception ignored) {
        // closing
      }
    });
    long[] ns = samples.stream().mapToLong(a -> a[0]).sorted().toArray();
    int n = ns.length;
    return new String[] {"SSE fan-out, " + clients + " clients x " + rounds + " events", n + " of " + (clients * rounds)
        + " delivered, " + server.feed().dropped() + " clients dropped",
        n == 0 ? "-" : String.format("p50 %.1f ms", ns[n / 2] / 1e6), n == 0 ? "-" : String.format("p99 %.1f ms", ns[(int) Math.ceil(n * 0.99) - 1] / 1e6)};
  }
}
