package dev.aiaudit.policy;

import dev.aiaudit.model.text.Diagnostic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PolicyLibraryTest {

  @Test
  void builtIn_loads_bothInitiativesWithEveryDefinition() throws Exception {
    PolicyLibrary lib = PolicyLibrary.builtIn();
    assertThat(lib.initiatives()).extracting(PolicySetDefinition::id)
        .containsExactly("eu-ai-act-2024-1689", "nist-ai-rmf-1.0");
    long eu = lib.definitions().stream().filter(d -> d.id().startsWith("euaia-")).count();
    long nist = lib.definitions().stream().filter(d -> d.id().startsWith("nist-")).count();
    assertThat(lib.initiative("eu-ai-act-2024-1689").orElseThrow().policies()).hasSize((int) eu);
    assertThat(lib.initiative("nist-ai-rmf-1.0").orElseThrow().policies()).hasSize((int) nist);
    assertThat(lib.definitions()).allSatisfy(d -> assertThat(d.source()).isNotBlank());
  }

  @Test
  void builtIn_index_listsEveryFileInTheResourceTree() throws IOException {
    Path root = Path.of("src/main/resources");
    try (Stream<Path> s = Files.walk(root.resolve("policies"))) {
      List<String> onDisk = s.filter(p -> p.toString().endsWith(".json"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> p.startsWith("policies/definitions/") || p.startsWith("policies/initiatives/"))
          .sorted().toList();
      assertThat(PolicyLibrary.builtInFiles()).containsExactlyInAnyOrderElementsOf(onDisk);
    }
  }

  @Test
  void fromFiles_schemaViolation_namesFileLineColumnAndPath() {
    String bad = """
        {
          "name": "bad-policy",
          "properties": {
            "displayName": "Bad",
            "policyRule": {
              "if": {"field": "ai.riskClass", "equals": "high"},
              "then": {"effect": "audit"},
              "else": 1
            }
          }
        }
        """;
    assertThatThrownBy(() -> PolicyLibrary.fromFiles(Map.of("bad.json", bad.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(PolicyLoadException.class)
        .hasMessageStartingWith("ERROR: bad.json:5:")
        .hasMessageContaining("POL001")
        .hasMessageContaining("$.properties.policyRule");
  }

  @Test
  void fromFiles_unknownOperator_pointsAtTheOperator() {
    String bad = """
        {
          "name": "bad-op",
          "properties": {
            "displayName": "Bad op",
            "policyRule": {
              "if": {"allOf": [
                {"field": "ai.riskClass", "equals": "high"},
                {"field": "ai.oversightContact", "eqals": "x"}
              ]},
              "then": {"effect": "audit"}
            }
          }
        }
        """;
    assertThatThrownBy(() -> PolicyLibrary.fromFiles(Map.of("op.json", bad.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(PolicyLoadException.class, e -> {
          Diagnostic i = e.issues().get(0);
          assertThat(i.code()).isEqualTo("POL003");
          assertThat(i.path()).isEqualTo("$.properties.policyRule.if.allOf[1].eqals");
          assertThat(i.line()).isEqualTo(8);
          assertThat(i.format()).startsWith("ERROR: op.json:8:").contains("unknown operator 'eqals'");
        });
  }

  @Test
  void fromFiles_yamlDefinition_loadsAndErrorsCarryYamlLines() throws Exception {
    String ok = """
        name: y1
        properties:
          displayName: YAML policy
          policyRule:
            if: {field: declared, equals: false}
            then: {effect: audit}
        """;
    assertThat(PolicyLibrary.fromFiles(Map.of("y1.yaml", ok.getBytes(StandardCharsets.UTF_8))).definition("y1")).isPresent();
    String bad = ok.replace("equals: false", "equals: false, less: 1");
    assertThatThrownBy(() -> PolicyLibrary.fromFiles(Map.of("y2.yaml", bad.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(PolicyLoadException.class, e -> {
          assertThat(e.issues().get(0).line()).isEqualTo(5);
          assertThat(e.issues().get(0).path()).isEqualTo("$.properties.policyRule.if.less");
        });
  }

  @Test
  void fromFiles_badJson_reportsParseErrorWithPosition() {
    assertThatThrownBy(() -> PolicyLibrary.fromFiles(Map.of("x.json", "{\n  \"name\": ,\n}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(PolicyLoadException.class, e -> {
          assertThat(e.issues().get(0).code()).isEqualTo("POL002");
          assertThat(e.issues().get(0).line()).isEqualTo(2);
        });
  }

  @Test
  void fromFiles_initiativeWithUnknownDefinitionAndBadParameter_reportsBoth() {
    String def = """
        {"name": "d1", "properties": {"displayName": "D1",
          "parameters": {"effect": {"type": "string", "defaultValue": "audit", "allowedValues": ["audit", "disabled"]}},
          "policyRule": {"if": {"field": "declared", "equals": false}, "then": {"effect": "[parameters('effect')]"}}}}
        """;
    String set = """
        {"name": "s1", "properties": {"displayName": "S1",
          "policyDefinitionGroups": [{"name": "C-1"}],
          "policyDefinitions": [
            {"policyDefinitionId": "d1", "groupNames": ["C-1"], "parameters": {"effect": {"value": "deny"}}},
            {"policyDefinitionId": "nope", "groupNames": ["C-1"]}
          ]}}
        """;
    assertThatThrownBy(() -> PolicyLibrary.fromFiles(Map.of("d1.json", def.getBytes(StandardCharsets.UTF_8),
            "s1.json", set.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(PolicyLoadException.class, e -> assertThat(e.issues())
            .extracting(Diagnostic::code).containsExactlyInAnyOrder("POL006", "POL007"));
  }

  @Test
  void fromFiles_manualDefaultCompliant_isRejected() {
    String def = """
        {"name": "m1", "properties": {"displayName": "M1",
          "policyRule": {"if": {"field": "id", "exists": true},
                         "then": {"effect": "manual", "details": {"defaultState": "compliant"}}}}}
        """;
    assertThatThrownBy(() -> PolicyLibrary.fromFiles(Map.of("m1.json", def.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(PolicyLoadException.class,
            e -> assertThat(e.issues().get(0).code()).isEqualTo("POL011"));
  }
}
