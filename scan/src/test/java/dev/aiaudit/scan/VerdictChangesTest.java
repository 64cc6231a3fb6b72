package dev.aiaudit.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.FindingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verdicts to compliance findings: only changes, from the last recorded state, with escaped messages. */
class VerdictChangesTest {
  private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

  private static ScanReport report(CheckResult... results) {
    return new ScanReport("ai-audit scan", "scanned-root-host", "live host", new ProfileInfo("kspp", "t", "f", "d", 2),
        T, Duration.ofMillis(5), Map.of(), List.of(results), List.of());
  }

  private static CheckResult result(String id, Verdict v, String actual, String reason) {
    return new CheckResult(id, "Title of " + id, "kconfig", dev.aiaudit.model.AlertSeverity.HIGH, v, "CONFIG_X=y", actual, reason, "", "",
        List.of());
  }

  @Test
  void findings_firstScanFromAbsent_thenOnlyChanges_withPreviousState() {
    Map<String, String> last = new HashMap<>();
    List<FindingEvent> first = VerdictChanges.findings(List.of(report(result("kconfig.A", Verdict.PASS, "CONFIG_A=y", ""),
        result("kconfig.B", Verdict.FAIL, "CONFIG_B is not set", ""))), last, "", "agent-host");
    assertThat(first).extracting(FindingEvent::subject).containsExactly("scan:kspp/kconfig.A", "scan:kspp/kconfig.B");
    assertThat(first).allSatisfy(f -> {
      assertThat(f.previousState()).isEqualTo("absent");
      assertThat(f.host()).isEqualTo("agent-host");
      assertThat(f.source()).isEqualTo("scan");
      assertThat(f.timeNs()).isEqualTo(T.plusMillis(5).getEpochSecond() * 1_000_000_000L + 5_000_000L);
    });
    assertThat(VerdictChanges.findings(List.of(report(result("kconfig.A", Verdict.PASS, "CONFIG_A=y", ""),
        result("kconfig.B", Verdict.FAIL, "CONFIG_B is not set", ""))), last, "", "agent-host")).isEmpty();
    List<FindingEvent> third = VerdictChanges.findings(List.of(report(result("kconfig.A", Verdict.ERROR, "", "permission denied"),
        result("kconfig.B", Verdict.FAIL, "CONFIG_B is not set", ""))), last, "", "agent-host");
    assertThat(third).singleElement().satisfies(f -> {
      assertThat(f.previousState()).isEqualTo("pass");
      assertThat(f.state()).isEqualTo("error");
      assertThat(f.message()).isEqualTo("high: Title of kconfig.A (permission denied)");
    });
  }

  @Test
  void findings_scopeKeepsHistoriesApart_andHostileValuesAreEscaped() {
    Map<String, String> last = new HashMap<>(Map.of("scan:kspp/kconfig.A", "pass"));
    List<FindingEvent> f = VerdictChanges.findings(List.of(report(result("kconfig.A", Verdict.FAIL,
        "CONFIG_A=\u001b]0;owned\u0007\n", ""))), last, "root:/mnt/image", "h");
    assertThat(f).singleElement().satisfies(e -> {
      assertThat(e.subject()).isEqualTo("scan:kspp/kconfig.A@root:/mnt/image");
      assertThat(e.previousState()).isEqualTo("absent");
      assertThat(e.message()).doesNotContain("\u001b", "\u0007", "\n").contains("\\x1b");
    });
    assertThat(last).containsEntry("scan:kspp/kconfig.A", "pass").containsEntry("scan:kspp/kconfig.A@root:/mnt/image", "fail");
  }
}
