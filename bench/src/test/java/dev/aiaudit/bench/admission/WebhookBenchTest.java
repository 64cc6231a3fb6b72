package dev.aiaudit.bench.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The webhook load driver against the real server with the default policy: both clients, every request answered. */
class WebhookBenchTest {
  @Test
  void smallRun_bothClients_noErrors_percentilesOrdered() throws Exception {
    List<String[]> rows = WebhookBench.run(200, 2, 20, List.of(WebhookLoadDriver.Client.values()));

    assertThat(rows).hasSize(2);
    assertThat(rows).extracting(r -> r[0]).containsExactly("jdk", "raw");
    for (String[] r : rows) {
      assertThat(r[2]).matches("requests=200 concurrency=2 errors=0 p50=[0-9.]+ ms p90=[0-9.]+ ms p99=[0-9.]+ ms.*");
    }
  }

  @Test
  void fixtures_comeFromTheTestingModule() {
    assertThat(WebhookBench.bodies()).hasSize(3).allSatisfy(b -> assertThat(new String(b)).contains("AdmissionReview"));
  }
}
