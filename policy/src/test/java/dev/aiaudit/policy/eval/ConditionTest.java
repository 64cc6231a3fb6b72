package dev.aiaudit.policy.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.policy.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Logical operators, count, field arrays, aliases and template functions. */
class ConditionTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final String ITEM = """
      {"id": "k8s:ml/Deployment/a", "declared": true, "labels": {"team": "risk"},
       "annotations": {"ai-audit.io/fria-date": "2026-01-10"},
       "containers": [
         {"name": "a", "image": "r/x@sha256:01", "ports": [{"p": 80}, {"p": 443}]},
         {"name": "b", "image": "r/y:latest", "ports": [{"p": 8080}]}],
       "model": {"version": "2.1.0", "card": {"version": "2.1.0", "metrics": ["acc"]}},
       "ai": {"riskClass": "high", "generative": true}}
      """;

  private static boolean eval(String condition) throws Exception {
    return eval(condition, Map.of());
  }

  private static boolean eval(String condition, Map<String, JsonNode> params) throws Exception {
    Condition c = RuleCompiler.compile(M.readTree(condition), "$.if", params, Aliases.builtIn());
    return c.test(new EvalContext(M.readTree(ITEM), NOW));
  }

  @Test
  void allOf_allTrue_isTrue_oneFalse_isFalse() throws Exception {
    assertThat(eval("{\"allOf\": [{\"field\": \"ai.riskClass\", \"equals\": \"high\"}, {\"field\": \"declared\", \"equals\": true}]}")).isTrue();
    assertThat(eval("{\"allOf\": [{\"field\": \"ai.riskClass\", \"equals\": \"high\"}, {\"field\": \"declared\", \"equals\": false}]}")).isFalse();
  }

  @Test
  void anyOf_oneTrue_isTrue_noneTrue_isFalse() throws Exception {
    assertThat(eval("{\"anyOf\": [{\"field\": \"ai.riskClass\", \"equals\": \"low\"}, {\"field\": \"declared\", \"equals\": true}]}")).isTrue();
    assertThat(eval("{\"anyOf\": [{\"field\": \"ai.riskClass\", \"equals\": \"low\"}, {\"field\": \"declared\", \"equals\": false}]}")).isFalse();
  }

  @Test
  void not_invertsChild() throws Exception {
    assertThat(eval("{\"not\": {\"field\": \"ai.riskClass\", \"equals\": \"high\"}}")).isFalse();
    assertThat(eval("{\"not\": {\"field\": \"ai.riskClass\", \"equals\": \"low\"}}")).isTrue();
  }

  @Test
  void fieldWithWildcard_everyElementMustMatch() throws Exception {
    assertThat(eval("{\"field\": \"containers[*].image\", \"like\": \"r/*\"}")).isTrue();
    assertThat(eval("{\"field\": \"containers[*].image\", \"like\": \"*@sha256:*\"}")).isFalse();
  }

  @Test
  void fieldWithWildcard_elementLackingTheProperty_countsAsMissing() throws Exception {
    assertThat(eval("{\"field\": \"containers[*].securityContext\", \"exists\": false}")).isTrue();
    assertThat(eval("{\"field\": \"containers[*].name\", \"exists\": true}")).isTrue();
    assertThat(eval("{\"field\": \"containers[*].ports[*].p\", \"greater\": 50}")).isTrue();
  }

  @Test
  void fieldCount_withWhere_countsMatchingElements() throws Exception {
    String pinned = "{\"count\": {\"field\": \"AiAudit/containers[*]\", \"where\": {\"field\": \"AiAudit/containers[*].image\", \"notLike\": \"*@sha256:*\"}}, \"equals\": 1}";
    assertThat(eval(pinned)).isTrue();
    assertThat(eval("{\"count\": {\"field\": \"containers[*]\"}, \"greater\": 2}")).isFalse();
  }

  @Test
  void nestedFieldCount_refersToInnerElement() throws Exception {
    String c = """
        {"count": {"field": "containers[*]", "where":
          {"count": {"field": "containers[*].ports[*]", "where": {"field": "containers[*].ports[*].p", "greater": 1000}}, "greater": 0}},
         "equals": 1}
        """;
    assertThat(eval(c)).isTrue();
  }

  @Test
  void valueCount_withCurrent_countsMatches() throws Exception {
    String c = "{\"count\": {\"value\": [\"high\", \"gpai\", \"HIGH\"], \"name\": \"rc\", \"where\": {\"field\": \"ai.riskClass\", \"equals\": \"[current('rc')]\"}}, \"equals\": 2}";
    assertThat(eval(c)).isTrue();
  }

  @Test
  void currentOutsideCount_isCompileError() {
    assertThatThrownBy(() -> eval("{\"field\": \"ai.riskClass\", \"equals\": \"[current('x')]\"}"))
        .isInstanceOfSatisfying(CompileError.class, e -> assertThat(e.code()).isEqualTo("POL005"));
  }

  @Test
  void aliasesAndTags_mapOntoInventoryPaths() throws Exception {
    assertThat(eval("{\"field\": \"AiAudit/ai.friaDate\", \"equals\": \"2026-01-10\"}")).isTrue();
    assertThat(eval("{\"field\": \"tags['team']\", \"equals\": \"risk\"}")).isTrue();
    assertThat(eval("{\"field\": \"AiAudit/modelCard.metrics[*]\", \"equals\": \"acc\"}")).isTrue();
  }

  @Test
  void functions_parametersUtcNowAddDaysFieldConcat() throws Exception {
    Map<String, JsonNode> p = Map.of("maxAge", M.readTree("365"), "prefix", M.readTree("\"k8s:\""));
    assertThat(eval("{\"field\": \"AiAudit/ai.friaDate\", \"greater\": \"[addDays(utcNow(), sub(0, parameters('maxAge')))]\"}", p)).isTrue();
    assertThat(eval("{\"field\": \"model.card.version\", \"equals\": \"[field('model.version')]\"}")).isTrue();
    assertThat(eval("{\"field\": \"id\", \"like\": \"[concat(parameters('prefix'), '*')]\"}", p)).isTrue();
    assertThat(eval("{\"value\": \"[toLower('ABC')]\", \"equals\": \"abc\"}")).isTrue();
    assertThat(eval("{\"value\": \"[length(field('containers'))]\", \"equals\": 2}")).isTrue();
  }

  @Test
  void undeclaredParameter_isCompileError() {
    assertThatThrownBy(() -> eval("{\"value\": \"[parameters('nope')]\", \"equals\": 1}"))
        .isInstanceOfSatisfying(CompileError.class, e -> {
          assertThat(e.code()).isEqualTo("POL005");
          assertThat(e.jsonPath()).isEqualTo("$.if.value");
        });
  }

  @Test
  void twoOperators_isCompileErrorAtSecondOperator() {
    assertThatThrownBy(() -> eval("{\"field\": \"a\", \"equals\": 1, \"less\": 2}"))
        .isInstanceOfSatisfying(CompileError.class, e -> assertThat(e.jsonPath()).isEqualTo("$.if.less"));
  }

  @Test
  void explain_violation_listsDecidingLeaves() throws Exception {
    Condition c = RuleCompiler.compile(M.readTree(
        "{\"allOf\": [{\"field\": \"ai.riskClass\", \"equals\": \"high\"}, {\"field\": \"ai.oversightContact\", \"exists\": false}]}"),
        "$.if", Map.of(), Aliases.builtIn());
    EvalContext ctx = new EvalContext(M.readTree(ITEM), NOW);
    List<Reason> out = new ArrayList<>();
    c.explain(ctx, c.test(ctx), out);
    assertThat(out).extracting(Reason::message).containsExactly(
        "ai.riskClass equals 'high' (actual: 'high')", "ai.oversightContact exists false (actual: <missing>)");
  }
}
