package dev.aiaudit.policy;

import dev.aiaudit.model.text.Diagnostic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Effects, states, attestations, exemptions, errors and roll-up through the public engine. */
class PolicyEngineTest {
  private static final String DEFS = """
      {"name": "p-audit", "properties": {"displayName": "audit", "metadata": {"source": "test", "severity": "high"},
        "parameters": {"effect": {"type": "string", "defaultValue": "audit", "allowedValues": ["audit", "deny", "disabled"]}},
        "policyRule": {"if": {"field": "ai.oversightContact", "exists": false}, "then": {"effect": "[parameters('effect')]"}}}}
      ---
      {"name": "p-aine", "properties": {"displayName": "aine", "metadata": {"source": "test"},
        "policyRule": {"if": {"field": "ai.riskClass", "equals": "high"},
          "then": {"effect": "auditIfNotExists", "details": {"type": "AiAudit/journal.events", "window": "PT24H",
            "existenceCondition": {"field": "count", "greaterOrEquals": 1}}}}}}
      ---
      {"name": "p-manual", "properties": {"displayName": "manual", "metadata": {"source": "test"},
        "policyRule": {"if": {"field": "id", "exists": true}, "then": {"effect": "manual"}}}}
      ---
      {"name": "p-error", "properties": {"displayName": "error", "metadata": {"source": "test", "severity": "low"},
        "policyRule": {"if": {"field": "containers", "less": 3}, "then": {"effect": "audit"}}}}
      ---
      {"name": "p-dated", "properties": {"displayName": "dated", "metadata": {"source": "test"},
        "parameters": {"applicationDate": {"type": "datetime", "defaultValue": "2026-08-02"}},
        "policyRule": {"if": {"allOf": [{"value": "[utcNow()]", "greaterOrEquals": "[parameters('applicationDate')]"},
          {"field": "ai.registrationId", "exists": false}]}, "then": {"effect": "audit"}}}}
      ---
      {"name": "set", "properties": {"displayName": "set",
        "parameters": {"effect": {"type": "string", "defaultValue": "audit"}, "date": {"type": "datetime", "defaultValue": "2026-08-02"}},
        "policyDefinitionGroups": [{"name": "C-1"}, {"name": "C-2"}],
        "policyDefinitions": [
          {"policyDefinitionId": "p-audit", "groupNames": ["C-1"], "parameters": {"effect": {"value": "[parameters('effect')]"}}},
          {"policyDefinitionId": "p-aine", "groupNames": ["C-1", "C-2"]},
          {"policyDefinitionId": "p-manual", "groupNames": ["C-2"]},
          {"policyDefinitionId": "p-dated", "groupNames": ["C-2"], "parameters": {"applicationDate": {"value": "[parameters('date')]"}}}]}}
      """;

  private static PolicyLibrary library() throws PolicyLoadException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    String[] docs = DEFS.split("---\n");
    for (int i = 0; i < docs.length; i++) {
      files.put("def" + i + ".json", docs[i].getBytes(StandardCharsets.UTF_8));
    }
    return PolicyLibrary.fromFiles(files);
  }

  private static ObjectNode item() {
    ObjectNode i = Fixtures.baseItem();
    ((ObjectNode) i.get("ai")).remove("oversightContact");
    return i;
  }

  private static PolicyResult result(EvaluationReport r, String policy) {
    return r.deployments().get(0).results().stream().filter(x -> x.policyId().equals(policy)).findFirst().orElseThrow();
  }

  private static PolicyEngine.Builder engine() throws PolicyLoadException {
    return PolicyEngine.builder(library()).initiatives(List.of("set")).clock(Fixtures.CLOCK);
  }

  @Test
  void evaluate_auditViolation_isNonCompliantWithReasonAndControls() throws Exception {
    EvaluationReport r = engine().build().evaluate(List.of(item()));
    PolicyResult p = result(r, "p-audit");
    assertThat(p.state()).isEqualTo(ComplianceState.NON_COMPLIANT);
    assertThat(p.effect()).isEqualTo(Effect.AUDIT);
    assertThat(p.controls()).containsExactly("C-1");
    assertThat(p.reasons()).extracting(Reason::message).containsExactly("ai.oversightContact exists false (actual: <missing>)");
    assertThat(r.deployments().get(0).state()).isEqualTo(ComplianceState.NON_COMPLIANT);
  }

  @Test
  void evaluate_denyViaInitiativeParameter_isNonCompliantWithDenyEffect() throws Exception {
    PolicyEngine e = engine().parameters(Map.of("effect", TextNode.valueOf("deny"))).build();
    assertThat(result(e.evaluate(List.of(item())), "p-audit").effect()).isEqualTo(Effect.DENY);
  }

  @Test
  void denied_listsOnlyNonCompliantDenyResults() throws Exception {
    PolicyEngine deny = engine().parameters(Map.of("effect", TextNode.valueOf("deny"))).build();
    assertThat(deny.evaluate(item()).denied()).extracting(PolicyResult::policyId).containsExactly("p-audit");
    assertThat(engine().build().evaluate(item()).denied()).isEmpty();
  }

  @Test
  void evaluate_disabledPolicy_isNotReported() throws Exception {
    PolicyEngine e = engine().parameters(Map.of("effect", TextNode.valueOf("disabled"))).build();
    assertThat(e.evaluate(List.of(item())).deployments().get(0).results()).extracting(PolicyResult::policyId)
        .doesNotContain("p-audit");
  }

  @Test
  void build_parameterOutsideAllowedValues_isLoadError() {
    assertThatThrownBy(() -> engine().parameters(Map.of("effect", TextNode.valueOf("modify"))).build())
        .isInstanceOfSatisfying(PolicyLoadException.class, e -> assertThat(e.issues().get(0).code()).isEqualTo("POL006"));
  }

  @Test
  void evaluate_aIfNEWithEvidence_isCompliantAndCitesRecords() throws Exception {
    EvaluationReport r = engine().evidence(Fixtures.evidence(Fixtures.goodEvidence())).build().evaluate(List.of(item()));
    PolicyResult p = result(r, "p-aine");
    assertThat(p.state()).isEqualTo(ComplianceState.COMPLIANT);
    assertThat(p.evidence()).containsExactlyInAnyOrder(
        new EvidenceRecord(98000, "a1".repeat(32)), new EvidenceRecord(98100, "a4".repeat(32)));
  }

  @Test
  void evaluate_aIfNEWithoutMatchingEvents_isNonCompliant() throws Exception {
    JsonNode ev = Fixtures.merge(Fixtures.goodEvidence(), Fixtures.JSON.readTree("{\"events\": []}"));
    PolicyResult p = result(engine().evidence(Fixtures.evidence(ev)).build().evaluate(List.of(item())), "p-aine");
    assertThat(p.state()).isEqualTo(ComplianceState.NON_COMPLIANT);
    assertThat(p.reasons().get(0).message()).contains("evidence:journal.events").contains("actual: 0");
  }

  @Test
  void evaluate_aIfNEWithNoEvidenceSource_isUnknownNeverCompliant() throws Exception {
    PolicyResult p = result(engine().build().evaluate(List.of(item())), "p-aine");
    assertThat(p.state()).isEqualTo(ComplianceState.UNKNOWN);
    assertThat(p.reasons().get(0).message()).contains("no evidence source");
  }

  @Test
  void evaluate_aIfNENotSelected_isNotApplicableNeverCompliant() throws Exception {
    ObjectNode i = item();
    ((ObjectNode) i.get("ai")).put("riskClass", "minimal");
    PolicyResult p = result(engine().build().evaluate(List.of(i)), "p-aine");
    // issue 15: an item a rule cannot apply to is notApplicable, counted apart from compliant
    assertThat(p.state()).isEqualTo(ComplianceState.NOT_APPLICABLE);
    assertThat(p.applicable()).isFalse();
  }

  @Test
  void evaluate_manualWithoutAttestation_isUnknown() throws Exception {
    assertThat(result(engine().build().evaluate(List.of(item())), "p-manual").state()).isEqualTo(ComplianceState.UNKNOWN);
  }

  @Test
  void evaluate_manualWithValidAttestation_takesAttestedState() throws Exception {
    Attestation a = new Attestation("p-manual", "k8s:ml/*", ComplianceState.COMPLIANT, "dpo@example.com",
        Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2027-11-01T00:00:00Z"), "", "ab".repeat(32), "");
    PolicyResult p = result(engine().waivers(new Waivers(List.of(a), List.of())).build().evaluate(List.of(item())), "p-manual");
    assertThat(p.state()).isEqualTo(ComplianceState.COMPLIANT);
    assertThat(p.reasons().get(0).message()).contains("attested compliant by dpo@example.com");
  }

  @Test
  void evaluate_manualWithExpiredAttestation_isUnknownAndWarned() throws Exception {
    Attestation a = new Attestation("p-manual", "*", ComplianceState.COMPLIANT, "dpo@example.com",
        Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), "", "ab".repeat(32), "");
    EvaluationReport r = engine().waivers(new Waivers(List.of(a), List.of())).build().evaluate(List.of(item()));
    assertThat(result(r, "p-manual").state()).isEqualTo(ComplianceState.UNKNOWN);
    assertThat(r.warnings()).singleElement().asString().contains("expired").contains("not honoured");
  }

  @Test
  void evaluate_validExemption_isExemptAndKeepsMachineVerdict() throws Exception {
    Exemption x = new Exemption("p-audit", "*", "k8s:ml/Deployment/credit-*", "waiver", "ciso@example.com",
        Instant.parse("2027-01-01T00:00:00Z"), "cd".repeat(32), "overseer being hired");
    PolicyResult p = result(engine().waivers(new Waivers(List.of(), List.of(x))).build().evaluate(List.of(item())), "p-audit");
    assertThat(p.state()).isEqualTo(ComplianceState.EXEMPT);
    assertThat(p.machineState()).isEqualTo(ComplianceState.NON_COMPLIANT);
    assertThat(p.reasons().get(0).message()).contains("exempt (waiver) by ciso@example.com");
  }

  @Test
  void evaluate_expiredExemption_isNotHonoured() throws Exception {
    Exemption x = new Exemption("*", "*", "*", "waiver", "ciso@example.com",
        Instant.parse("2026-11-01T00:00:00Z"), "cd".repeat(32), "old");
    EvaluationReport r = engine().waivers(new Waivers(List.of(), List.of(x))).build().evaluate(List.of(item()));
    assertThat(result(r, "p-audit").state()).isEqualTo(ComplianceState.NON_COMPLIANT);
    assertThat(r.warnings()).isNotEmpty();
  }

  @Test
  void evaluate_typeMismatch_isErrorWithReasonAndNeverCompliant() throws Exception {
    PolicyLibrary lib = library();
    PolicyEngine e = PolicyEngine.builder(lib).policies(List.of(lib.compileStandalone(lib.definition("p-error").orElseThrow(), Map.of())))
        .clock(Fixtures.CLOCK).build();
    DeploymentResult d = e.evaluate(item());
    assertThat(d.state()).isEqualTo(ComplianceState.ERROR);
    assertThat(d.results().get(0).reasons().get(0).message()).contains("evaluation failed").contains("cannot compare");
    assertThat(d.failing()).hasSize(1);
  }

  @Test
  void evaluate_applicationDateInFuture_isNotApplicable() throws Exception {
    ObjectNode i = item();
    ((ObjectNode) i.get("ai")).remove("registrationId");
    assertThat(result(engine().build().evaluate(List.of(i)), "p-dated").state()).isEqualTo(ComplianceState.NON_COMPLIANT);
    PolicyEngine later = engine().parameters(Map.of("date", TextNode.valueOf("2027-12-02"))).build();
    assertThat(result(later.evaluate(List.of(i)), "p-dated").state()).isEqualTo(ComplianceState.COMPLIANT);
  }

  @Test
  void rollup_unknownOutranksCompliant_nonCompliantOutranksAll() {
    assertThat(ComplianceState.COMPLIANT.worst(ComplianceState.UNKNOWN)).isEqualTo(ComplianceState.UNKNOWN);
    assertThat(ComplianceState.EXEMPT.worst(ComplianceState.COMPLIANT)).isEqualTo(ComplianceState.EXEMPT);
    assertThat(ComplianceState.ERROR.worst(ComplianceState.NON_COMPLIANT)).isEqualTo(ComplianceState.NON_COMPLIANT);
    assertThat(ComplianceState.UNKNOWN.worst(ComplianceState.ERROR)).isEqualTo(ComplianceState.ERROR);
  }

  @Test
  void build_parameterNoInitiativeDeclares_isLoadError() {
    assertThatThrownBy(() -> engine().parameters(Map.of("highRiskDat", TextNode.valueOf("2027-12-02"))).build())
        .isInstanceOf(PolicyLoadException.class).hasMessageContaining("POL004").hasMessageContaining("highRiskDat");
  }

  @Test
  void build_unknownInitiative_isLoadError() {
    assertThatThrownBy(() -> PolicyEngine.builder(library()).initiatives(List.of("nope")).build())
        .isInstanceOf(PolicyLoadException.class).hasMessageContaining("unknown initiative 'nope'");
  }

  @Test
  void waivers_fromFiles_loadAndValidate(@TempDir Path dir) throws Exception {
    Path att = dir.resolve("att.yaml");
    Files.writeString(att, """
        attestations:
          - policyId: p-manual
            resourceId: "*"
            state: compliant
            who: dpo@example.com
            date: 2026-11-01
            expiresOn: 2027-11-01
            documentSha256: %s
        """.formatted("ab".repeat(32)));
    Path ex = dir.resolve("ex.json");
    Files.writeString(ex, "{\"exemptions\": [{\"resourceId\": \"*\", \"category\": \"waiver\", \"owner\": \"\", "
        + "\"expiresOn\": \"2027-01-01\", \"documentSha256\": \"xyz\", \"reason\": \"r\"}]}");
    Waivers w = Waivers.none().withAttestations(att);
    assertThat(w.attestations()).singleElement().extracting(Attestation::who).isEqualTo("dpo@example.com");
    assertThatThrownBy(() -> w.withExemptions(ex)).isInstanceOfSatisfying(PolicyLoadException.class, e -> {
      assertThat(e.issues()).extracting(Diagnostic::code).containsOnly("POL001");
      assertThat(e.getMessage()).contains("ex.json:1:").contains("documentSha256");
    });
  }

  @Test
  void evidenceFile_missingSection_isUnknown_presentEmptyList_isZero(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("ev.json");
    Files.writeString(f, "{\"events\": [], \"retention\": \"P200D\"}");
    EvidenceSource s = EvidenceSource.fromFile(f);
    assertThat(s.events("x", "", Fixtures.NOW).value()).isZero();
    assertThat(s.verification().known()).isFalse();
    assertThat(s.retention().value().toDays()).isEqualTo(200);
  }
}
