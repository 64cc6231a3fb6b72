package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PolicyEvalCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static String res(String name) throws URISyntaxException {
    return Path.of(PolicyEvalCommandTest.class.getResource("/policy/" + name).toURI()).toString();
  }

  @Test
  void eval_allEvidenceAndAttestations_exitsZeroAndIsCompliant() throws Exception {
    int code = run("policy", "eval", "--now", "2026-11-24T12:00:00Z", "--evidence", res("evidence.json"),
        "--attestations", res("attestations.json"), res("inventory.json"));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("k8s:ml/Deployment/credit-scorer  COMPLIANT")
        .contains("deployments: compliant 1, non-compliant 0");
  }

  @Test
  void eval_shadowAi_exitsOneAndNamesGovern16() throws Exception {
    int code = run("policy", "eval", "--now", "2026-11-24T12:00:00Z", "-i", "nist-ai-rmf-1.0", res("with-shadow.jsonl"));
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("host:containerd://4f2a9c  NON-COMPLIANT")
        .contains("NON-COMPLIANT  critical nist-gv-1.6-shadow-ai").contains("controls: NIST-GOVERN-1.6");
  }

  @Test
  void eval_failOnCritical_ignoresLowerSeverities_butExemptionSilencesShadowAi() throws Exception {
    assertThat(run("policy", "eval", "--now", "2026-11-24T12:00:00Z", "--fail-on", "critical", "-i", "nist-ai-rmf-1.0",
        res("with-shadow.jsonl"))).isEqualTo(1);
    assertThat(run("policy", "eval", "--now", "2026-11-24T12:00:00Z", "--fail-on", "critical", "-i", "nist-ai-rmf-1.0",
        "--exemptions", res("exemptions.json"), res("with-shadow.jsonl"))).isZero();
  }

  @Test
  void eval_unknownOnly_exitsZero_unlessFailOnUnknown() throws Exception {
    assertThat(run("policy", "eval", "--now", "2026-11-24T12:00:00Z", res("inventory.json"))).isZero();
    assertThat(run("policy", "eval", "--now", "2026-11-24T12:00:00Z", "--fail-on-unknown", res("inventory.json"))).isEqualTo(1);
  }

  @Test
  void eval_badDefinition_exitsTwoWithFileLineColumn(@TempDir Path dir) throws Exception {
    Path def = dir.resolve("bad.json");
    Files.writeString(def, "{\"name\": \"x\", \"properties\": {\"displayName\": \"x\",\n \"policyRule\": {\"if\": {\"field\": \"a\", \"equal\": 1}, \"then\": {\"effect\": \"audit\"}}}}");
    assertThat(run("policy", "eval", "--definitions", def.toString(), res("inventory.json"))).isEqualTo(2);
    assertThat(err.toString()).contains("ERROR: " + def + ":2:").contains("POL003").contains("unknown operator 'equal'");
  }

  @Test
  void eval_formatOscalToFile_writesAssessmentResults(@TempDir Path dir) throws Exception {
    Path o = dir.resolve("ar.json");
    assertThat(run("policy", "eval", "--now", "2026-11-24T12:00:00Z", "-f", "oscal", "-o", o.toString(), res("inventory.json"))).isZero();
    assertThat(Files.readString(o)).contains("\"assessment-results\"").contains("\"import-ap\"");
  }

  @Test
  void eval_dateParameter_movesApplicationDateAndDisablesHighRiskChecks() throws Exception {
    int before = run("policy", "eval", "--now", "2026-11-24T12:00:00Z", "-i", "eu-ai-act-2024-1689", res("with-shadow.jsonl"));
    assertThat(before).isEqualTo(1);
    out.getBuffer().setLength(0);
    int after = run("policy", "eval", "--now", "2026-11-24T12:00:00Z", "-i", "eu-ai-act-2024-1689",
        "-p", "highRiskDate=2027-12-02", "--evidence", res("evidence.json"), res("with-shadow.jsonl"));
    assertThat(after).as(err.toString()).isZero();
    // the policy is still listed, but no longer fails
    assertThat(out.toString().lines().filter(l -> l.contains("euaia-6.1-risk-classified")).toList()).isNotEmpty()
        .noneMatch(l -> l.startsWith("NON-COMPLIANT") || l.startsWith("ERROR"));
  }

  @Test
  void eval_unknownInitiative_exitsTwo() throws Exception {
    assertThat(run("policy", "eval", "-i", "iso-42001", res("inventory.json"))).isEqualTo(2);
    assertThat(err.toString()).contains("unknown initiative 'iso-42001'");
  }

}
