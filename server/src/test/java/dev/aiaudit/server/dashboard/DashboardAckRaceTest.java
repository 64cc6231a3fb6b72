package dev.aiaudit.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledgements of one alert sent at the same instant: exactly one is journaled, every other gets 409, whether the
 * journaled one is indexed at once or (as in the agent) a moment later.
 */
class DashboardAckRaceTest {
  private static final int SENDERS = 12;
  @TempDir Path dir;

  private static List<Integer> ackAtOnce(String url, String token, long seq) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < SENDERS; i++) {
        int n = i;
        answers.add(pool.submit(() -> {
          HttpRequest r = HttpRequest.newBuilder(URI.create(url + "/api/v1/alerts/" + seq + "/ack"))
              .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"sender " + n + "\"}")).build();
          go.await();
          return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
        }));
      }
      go.countDown();
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> a : answers) {
        codes.add(a.get());
      }
      return codes;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long acks(List<Event> journaled, long seq) {
    return journaled.stream().filter(e -> e instanceof FindingEvent f && f.subject().equals("alert:" + seq)).count();
  }

  @Test
  void sameInstant_indexedAtOnce_oneJournaled_others409() throws Exception {
    try (DashboardFixture f = new DashboardFixture(dir, b -> b.requestsPerMinute(10_000))) {
      for (int round = 0; round < 5; round++) {
        var alert = f.add(f.alert(f.add(f.access("/models/a" + round + ".safetensors", "/usr/bin/cat")), "cat read weights"));
        List<Integer> codes = ackAtOnce(f.url(""), f.admin, alert.seq());
        assertThat(codes).as("round " + round).containsOnly(202, 409);
        assertThat(codes.stream().filter(c -> c == 202).count()).as("round " + round + ": " + codes).isEqualTo(1);
        assertThat(acks(f.journaled, alert.seq())).isEqualTo(1);
      }
    }
  }

  /** The agent indexes a journaled record a moment later: an acknowledgement not yet in the index still counts. */
  @Test
  void sameInstant_indexedLater_oneJournaled_others409_untilIndexed() throws Exception {
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      List<Event> journaled = new CopyOnWriteArrayList<>();
      long[] seq = {0};
      java.util.function.Function<Event, Long> index = e -> {
        synchronized (seq) {
          seq[0]++;
          store.insert(List.of(dev.aiaudit.model.RecordedEvent.of(seq[0], DashboardFixture.sha256("r" + seq[0]), e)));
          store.flush();
          return seq[0];
        }
      };
      RecordSource source = RecordSource.over(DashboardFixture.HOST, store,
          s -> store.query(EventQuery.all()).stream().filter(r -> r.seq() == s).findFirst());
      TokenStore tokens = TokenStore.inMemory();
      String admin = tokens.issue("admin", Role.ADMIN);
      DashboardSources src = new DashboardSources(DashboardFixture.HOST, source, DashboardFixture::classUid, journaled::add,
          ScanService.none(), () -> new VerifyStatus(true, 0, 1, 0, "00", ""));
      try (DashboardServer server = DashboardServer.builder(src, tokens).port(0).requestsPerMinute(10_000).build().start()) {
        var p = new dev.aiaudit.model.ProcessInfo(4242, 1, 1000, "alice", "/usr/bin/cat", "cat", 0, null, null, null,
            dev.aiaudit.model.Attribution.EXACT, null);
        long t = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L;
        long cited = index.apply(dev.aiaudit.model.FileEvent.of(t, DashboardFixture.HOST, dev.aiaudit.model.FileActivity.READ, p,
            "/models/a.safetensors", dev.aiaudit.model.AssetKind.MODEL_WEIGHTS, "fanotify"));
        long alert = index.apply(new dev.aiaudit.model.AlertEvent(t + 1, DashboardFixture.HOST, "weights-read-unapproved", "t", "d",
            dev.aiaudit.model.AlertSeverity.MEDIUM, List.of(), List.of(new dev.aiaudit.model.AlertEvent.Citation(cited,
                java.util.HexFormat.of().formatHex(DashboardFixture.sha256("r" + cited)))), "g", 0, "m", "rules", null));
        String url = "http://127.0.0.1:" + server.port();
        List<Integer> codes = ackAtOnce(url, admin, alert);
        assertThat(codes.stream().filter(c -> c == 202).count()).as(codes.toString()).isEqualTo(1);
        assertThat(codes).containsOnly(202, 409);
        assertThat(acks(journaled, alert)).isEqualTo(1);
        // nothing indexed yet: one more, later, is still refused
        assertThat(ackAtOnce(url, admin, alert)).containsOnly(409);
        assertThat(acks(journaled, alert)).isEqualTo(1);
      }
    }
  }
}
