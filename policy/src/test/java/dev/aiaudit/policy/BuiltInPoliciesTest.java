package dev.aiaudit.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.eval.CompiledPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in policy on a compliant and a non-compliant example (builtin-cases.json). */
class BuiltInPoliciesTest {
  private static PolicyLibrary library;
  private static final JsonNode CASES = Fixtures.resource("builtin-cases.json").path("cases");

  @BeforeAll
  static void load() throws PolicyLoadException {
    library = PolicyLibrary.builtIn();
  }

  static Stream<Arguments> definitions() throws PolicyLoadException {
    return PolicyLibrary.builtIn().definitions().stream().map(d -> Arguments.argumentSet(d.id(), d.id()));
  }

  /** The definitions whose effect needs runtime evidence or an attestation: the only ones the no-evidence case is about. */
  static Stream<Arguments> runtimeOrManualDefinitions() throws PolicyLoadException {
    PolicyLibrary lib = PolicyLibrary.builtIn();
    List<Arguments> cases = new ArrayList<>();
    for (PolicyDefinition d : lib.definitions()) {
      Effect e = lib.compileStandalone(d, Map.of()).effect();
      if (e == Effect.AUDIT_IF_NOT_EXISTS || e == Effect.MANUAL) {
        cases.add(Arguments.argumentSet(d.id(), d.id()));
      }
    }
    return cases.stream();
  }

  @Test
  void cases_coverEveryBuiltInDefinition() {
    List<String> ids = library.definitions().stream().map(PolicyDefinition::id).toList();
    List<String> cased = new ArrayList<>();
    CASES.fieldNames().forEachRemaining(cased::add);
    assertThat(cased).containsExactlyInAnyOrderElementsOf(ids);
  }

  @ParameterizedTest
  @MethodSource("definitions")
  void evaluate_compliantExample_isCompliantAndApplicable(String id) throws Exception {
    PolicyResult r = run(id, CASES.path(id).path("compliant"));
    assertThat(r.state()).as(r.reasons().toString()).isEqualTo(ComplianceState.COMPLIANT);
    assertThat(r.applicable()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("definitions")
  void evaluate_nonCompliantExample_isNonCompliantWithReason(String id) throws Exception {
    PolicyResult r = run(id, CASES.path(id).path("nonCompliant"));
    assertThat(r.state()).as(r.reasons().toString()).isEqualTo(ComplianceState.NON_COMPLIANT);
    assertThat(r.reasons()).isNotEmpty();
    if (r.effect() == Effect.AUDIT_IF_NOT_EXISTS) {
      assertThat(r.reasons()).allSatisfy(x -> assertThat(x.path()).startsWith("evidence:"));
    }
  }

  @ParameterizedTest
  @MethodSource("runtimeOrManualDefinitions")
  void evaluate_noEvidenceNoAttestation_isNeverCompliantForRuntimeOrManualPolicies(String id) throws Exception {
    PolicyDefinition def = library.definition(id).orElseThrow();
    CompiledPolicy p = library.compileStandalone(def, Map.of());
    assertThat(p.effect()).isIn(Effect.AUDIT_IF_NOT_EXISTS, Effect.MANUAL);
    JsonNode item = Fixtures.merge(Fixtures.baseItem(), CASES.path(id).path("compliant").path("item"));
    PolicyEngine engine = PolicyEngine.builder(library).policies(List.of(p)).clock(Fixtures.CLOCK).build();
    PolicyResult r = engine.evaluate(item).results().get(0);
    assertThat(r.state()).isEqualTo(ComplianceState.UNKNOWN);
  }

  @Test
  void gpaiDocumentation_openSourceWithPublicWeights_isExemptByArt53_2_unlessSystemic() throws Exception {
    String open = "{\"item\": {\"ai\": {\"riskClass\": \"gpai\"}, \"annotations\": {\"ai-audit.io/open-weights\": \"true\","
        + " \"ai-audit.io/gpai-technical-documentation\": null}}}";
    assertThat(run("euaia-53.1-gpai-documentation", Fixtures.JSON.readTree(open)).state()).isEqualTo(ComplianceState.COMPLIANT);
    String systemic = open.replace("\"gpai\"", "\"gpai-systemic\"");
    assertThat(run("euaia-53.1-gpai-documentation", Fixtures.JSON.readTree(systemic)).state())
        .isEqualTo(ComplianceState.NON_COMPLIANT);
  }

  private static PolicyResult run(String id, JsonNode c) throws Exception {
    PolicyDefinition def = library.definition(id).orElseThrow();
    Map<String, JsonNode> params = new LinkedHashMap<>();
    c.path("parameters").properties().forEach(e -> params.put(e.getKey(), e.getValue()));
    CompiledPolicy p = library.compileStandalone(def, params);
    JsonNode item = Fixtures.merge(Fixtures.baseItem(), c.path("item"));
    JsonNode ev = Fixtures.merge(Fixtures.goodEvidence(), c.path("evidence"));
    Waivers w = Waivers.none();
    if (c.has("attestation")) {
      w = new Waivers(List.of(new Attestation(id, "*", ComplianceState.parse(c.get("attestation").asText()),
          "dpo@example.com", Fixtures.NOW.minusSeconds(86400), Fixtures.NOW.plusSeconds(86400 * 90),
          "https://docs.example/attestation.pdf", "ab".repeat(32), "")), List.of());
    }
    PolicyEngine engine = PolicyEngine.builder(library).policies(List.of(p)).evidence(Fixtures.evidence(ev))
        .waivers(w).clock(Fixtures.CLOCK).build();
    List<PolicyResult> results = engine.evaluate(item).results();
    assertThat(results).hasSize(1);
    return results.get(0);
  }
}
