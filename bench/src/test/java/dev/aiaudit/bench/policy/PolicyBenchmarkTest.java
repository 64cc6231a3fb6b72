package dev.aiaudit.bench.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code bench policy} on a small synthetic inventory: every deployment times every enabled policy. */
class PolicyBenchmarkTest {
  @Test
  void smallRun_tableCountsEvaluations() throws Exception {
    String table = PolicyBenchmark.table(new PolicyBenchmark(50, 1, 0).run());

    assertThat(table).contains("| single | 1 | 50 | 64 | 3200 |").contains("| parallel |");
  }
}
