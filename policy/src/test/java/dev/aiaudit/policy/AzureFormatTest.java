package dev.aiaudit.policy;

import dev.aiaudit.model.text.Diagnostic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.eval.CompiledPolicy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading definitions and initiatives in the shapes Azure publishes and exports. The definitions are
 * written for these tests in Azure's published format (none is copied from Azure's repository).
 * Azure docs: concepts/definition-structure-basics (envelope, mode, version, metadata, policyType),
 * concepts/definition-structure-parameters (type, allowedValues, schema), concepts/initiative-definition-structure.
 */
class AzureFormatTest {

  /** An ARM envelope as Azure publishes built-ins: id, name, type, properties with versions, Static type. */
  static final String ENVELOPE = """
      {
        "id": "/providers/Microsoft.Authorization/policyDefinitions/0b1c2d3e-1111-4222-8333-944455556666",
        "type": "Microsoft.Authorization/policyDefinitions",
        "name": "0b1c2d3e-1111-4222-8333-944455556666",
        "properties": {
          "displayName": "%s",
          "policyType": "Static",
          "mode": "Indexed",
          "description": "Audits AI deployments without a risk class.",
          "metadata": {"version": "2.1.0", "category": "AI", "portalReview": true},
          "version": "2.1.0",
          "versions": ["2.1.0", "2.0.0", "1.0.1-preview"],
          "parameters": {
            "effect": {"type": "String", "metadata": {"displayName": "Effect", "portalReview": true},
                       "allowedValues": ["Audit", "Deny", "Disabled"], "defaultValue": "Audit"},
            "selector": {"type": "Object", "defaultValue": {},
                         "schema": {"type": "object", "properties": {"matchLabels": {"type": "object"}}}}
          },
          "policyRule": {
            "if": {"allOf": [
              {"field": "type", "in": ["Deployment", "StatefulSet"]},
              {"field": "AiAudit/ai.riskClass", "exists": false}]},
            "then": {"effect": "[parameters('effect')]"}
          }
        }
      }
      """;

  static PolicyLibrary lib(Map<String, String> files) throws PolicyLoadException {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    files.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
    return PolicyLibrary.fromFiles(bytes);
  }

  static PolicyLoadException loadError(Map<String, String> files) {
    try {
      lib(files);
    } catch (PolicyLoadException e) {
      return e;
    }
    throw new AssertionError("expected a load error");
  }

  @Test
  void armEnvelope_withVersionsStaticTypeParameterSchemaAndLongName_loadsAndKeepsVersionMetadata() throws Exception {
    String longName = "Deployments of AI systems should carry a risk classification ".repeat(4).trim();
    assertThat(longName.length()).isGreaterThan(128);
    PolicyLibrary lib = lib(Map.of("env.json", ENVELOPE.formatted(longName)));
    PolicyDefinition d = lib.definition("0b1c2d3e-1111-4222-8333-944455556666").orElseThrow();
    assertThat(d.displayName()).isEqualTo(longName);
    assertThat(d.mode()).isEqualTo("Indexed");
    assertThat(d.policyType()).isEqualTo("Static");
    assertThat(d.version()).isEqualTo("2.1.0");
    assertThat(d.versions()).containsExactly("2.1.0", "2.0.0", "1.0.1-preview");
    assertThat(d.parameters().get("selector").type()).isEqualTo("object");
  }

  @Test
  void bareProperties_withoutWrapper_loadsWithTheFileNameAsId() throws Exception {
    String bare = """
        {"displayName": "Bare", "mode": "All",
         "policyRule": {"if": {"field": "AiAudit/ai.riskClass", "equals": "unacceptable"}, "then": {"effect": "deny"}}}
        """;
    PolicyLibrary lib = lib(Map.of("dir/no-unacceptable.json", bare));
    assertThat(lib.definition("no-unacceptable")).isPresent();
    assertThat(lib(Map.of("dir/No unacceptable risk.json", bare)).definition("No unacceptable risk")).isPresent();
  }

  @Test
  void keysInAnyCase_areReadAsAzureReadsThem() throws Exception {
    // Azure's own files spell some keys differently (e.g. "Version"); Azure reads them case-insensitively
    String def = """
        {"name": "k", "properties": {"DisplayName": "K", "Mode": "All", "Version": "3.0.0",
          "Parameters": {"effect": {"Type": "String", "DefaultValue": "Audit", "AllowedValues": ["Audit", "Deny"]}},
          "PolicyRule": {"If": {"field": "AiAudit/ai.riskClass", "equals": "high"}, "Then": {"Effect": "[parameters('effect')]"}}}}
        """;
    PolicyLibrary lib = lib(Map.of("k.json", def));
    PolicyDefinition d = lib.definition("k").orElseThrow();
    assertThat(d.displayName()).isEqualTo("K");
    assertThat(d.version()).isEqualTo("3.0.0");
    assertThat(lib.compileStandalone(d, Map.of()).effect()).isEqualTo(Effect.AUDIT);
  }

  @Test
  void bareProperties_problem_isLocatedInTheOriginalFile() {
    String bare = "{\"displayName\": \"Bare\",\n \"policyRule\": {\"if\": {\"field\": \"x\", \"eqals\": 1},"
        + " \"then\": {\"effect\": \"audit\"}}}";
    PolicyLoadException e = loadError(Map.of("bare.json", bare));
    assertThat(e.issues()).singleElement().satisfies(i -> {
      assertThat(i.line()).isEqualTo(2);
      assertThat(i.message()).contains("unknown operator 'eqals'");
    });
  }

  @Test
  void modes_asAzureSpellsThem_loadAndAnUnknownModeIsNamed() throws Exception {
    for (String mode : List.of("All", "all", "Indexed", "indexed", "Microsoft.Kubernetes.Data",
        "Microsoft.KeyVault.Data", "Microsoft.MachineLearningServices.v2.Data")) {
      String def = ENVELOPE.formatted("m").replace("\"mode\": \"Indexed\"", "\"mode\": \"" + mode + "\"");
      assertThat(lib(Map.of("m.json", def)).definitions()).as(mode).hasSize(1);
    }
    String bad = ENVELOPE.formatted("m").replace("\"mode\": \"Indexed\"", "\"mode\": \"Everything\"");
    assertThat(loadError(Map.of("m.json", bad)).issues()).singleElement().satisfies(i -> {
      assertThat(i.code()).isEqualTo("POL014");
      assertThat(i.message()).contains("unknown mode 'Everything'");
    });
  }

  @Test
  void initiativeInArmEnvelope_referencingAGuidDefinition_withDefinitionVersionAndGroupMetadata_compiles() throws Exception {
    String set = """
        {"id": "/providers/Microsoft.Authorization/policySetDefinitions/aaaa0000-1111-4222-8333-944455556666",
         "type": "Microsoft.Authorization/policySetDefinitions", "name": "aaaa0000-1111-4222-8333-944455556666",
         "properties": {"displayName": "AI baseline", "policyType": "Static", "versions": ["1.0.0"],
           "metadata": {"version": "1.0.0", "category": "Regulatory Compliance"},
           "parameters": {"effect": {"type": "String", "defaultValue": "Deny", "allowedValues": ["Audit", "Deny"],
                                     "schema": {"type": "string"}}},
           "policyDefinitionGroups": [{"name": "CTRL-1", "category": "AI", "additionalMetadataId":
             "/providers/Microsoft.PolicyInsights/policyMetadata/CTRL-1"}],
           "policyDefinitions": [{
             "policyDefinitionId": "/providers/Microsoft.Authorization/policyDefinitions/0b1c2d3e-1111-4222-8333-944455556666",
             "policyDefinitionReferenceId": "riskClass", "definitionVersion": "2.*.*",
             "parameters": {"effect": {"value": "[parameters('effect')]"}}, "groupNames": ["CTRL-1"]}]}}
        """;
    PolicyLibrary lib = lib(Map.of("def.json", ENVELOPE.formatted("d"), "set.json", set));
    PolicySetDefinition s = lib.initiative("aaaa0000-1111-4222-8333-944455556666").orElseThrow();
    assertThat(s.policyType()).isEqualTo("Static");
    assertThat(s.versions()).containsExactly("1.0.0");
    List<CompiledPolicy> compiled = lib.compile(s, Map.of());
    assertThat(compiled).singleElement().satisfies(c -> assertThat(c.effect()).isEqualTo(Effect.DENY));
  }

  @Test
  void parameterWithoutDefault_ruleIsStillCompiledAtLoad_soABrokenRuleFailsAtLoad() {
    // issue 15 item 5: placeholders stand in for parameters without defaults
    String def = """
        {"name": "p", "properties": {"displayName": "P", "parameters": {"names": {"type": "Array"}},
          "policyRule": {"if": {"value": "[frist(parameters('names'))]", "equals": "x"}, "then": {"effect": "audit"}}}}
        """;
    PolicyLoadException e = loadError(Map.of("p.json", def));
    assertThat(e.issues()).singleElement().satisfies(i -> {
      assertThat(i.code()).isEqualTo("POL005");
      assertThat(i.message()).contains("unknown function 'frist'");
    });
  }

  @Test
  void fieldExpressionOfAParameterWithoutDefault_loads_andEvaluatesWithTheAssignedValue() throws Exception {
    // the "require a tag" shape: field built from a parameter that has no default (placeholder at load)
    String def = """
        {"name": "req", "properties": {"displayName": "Require a tag", "mode": "All",
          "parameters": {"tagName": {"type": "String"}},
          "policyRule": {"if": {"field": "[concat('tags[', parameters('tagName'), ']')]", "exists": "false"},
                         "then": {"effect": "deny"}}}}
        """;
    PolicyLibrary lib = lib(Map.of("req.json", def));
    CompiledPolicy p = lib.compileStandalone(lib.definition("req").orElseThrow(), Map.of("tagName", JsonNodes.text("owner")));
    PolicyEngine engine = PolicyEngine.builder(lib).policies(List.of(p)).clock(Fixtures.CLOCK).build();
    assertThat(engine.evaluate(Fixtures.baseItem()).results().get(0).state()).isEqualTo(ComplianceState.NON_COMPLIANT);
    JsonNode owned = Fixtures.merge(Fixtures.baseItem(), JsonNodes.json("{\"labels\": {\"owner\": \"ml-team\"}}"));
    assertThat(engine.evaluate(owned).results().get(0).state()).isEqualTo(ComplianceState.COMPLIANT);
  }

  @Test
  void versionSuffixesInAnyCase_andEnforceSettingEffect_load() throws Exception {
    String def = ENVELOPE.formatted("v").replace("\"1.0.1-preview\"", "\"1.0.0-PREVIEW\"")
        .replace("\"mode\": \"Indexed\"", "\"mode\": \"Microsoft.MachineLearningServices.Data\"")
        .replace("\"allowedValues\": [\"Audit\", \"Deny\", \"Disabled\"], \"defaultValue\": \"Audit\"",
            "\"allowedValues\": [\"enforceSetting\", \"disabled\"], \"defaultValue\": \"enforceSetting\"");
    PolicyLibrary lib = lib(Map.of("v.json", def));
    assertThat(lib.definitions().iterator().next().versions()).contains("1.0.0-PREVIEW");
    assertThat(lib.notes()).anySatisfy(n -> assertThat(n).contains("effect enforceSetting not enforced by ai-audit"));
  }

  @Test
  void parameterWithoutDefault_effectFromIt_loadsAndIsCheckedWhenAssigned() throws Exception {
    String def = """
        {"name": "p", "properties": {"displayName": "P", "parameters": {"effect": {"type": "String"}},
          "policyRule": {"if": {"field": "AiAudit/ai.riskClass", "equals": "high"}, "then": {"effect": "[parameters('effect')]"}}}}
        """;
    PolicyLibrary lib = lib(Map.of("p.json", def));
    PolicyDefinition d = lib.definition("p").orElseThrow();
    assertThatThrownBy(() -> lib.compileStandalone(d, Map.of())).isInstanceOf(PolicyLoadException.class)
        .hasMessageContaining("POL004");
    assertThatThrownBy(() -> lib.compileStandalone(d, Map.of("effect", JsonNodes.text("sometimes"))))
        .hasMessageContaining("POL010").hasMessageContaining("unknown effect 'sometimes'");
  }

  @Test
  void everyErrorOfAFile_isReported_eachNamingItsKey() {
    String def = """
        {"name": "many", "properties": {"displayName": "Many",
          "parameters": {"level": {"type": "Integer", "defaultValue": "high", "allowedValues": [1, 2]}},
          "policyRule": {
            "if": {"allOf": [
              {"anyOff": [{"field": "AiAudit/ai.riskClass", "equals": "high"}]},
              {"field": "AiAudit/ai.riskClas", "equals": "high"},
              {"value": "[nope()]", "equals": 1}]},
            "then": {"effect": "auditIfNotExists", "details": {"type": "AiAudit/journal.nothing"}}}}}
        """;
    PolicyLoadException e = loadError(Map.of("many.json", def));
    assertThat(e.issues()).extracting(Diagnostic::code).containsExactly("POL006", "POL003", "POL013", "POL005", "POL012");
    assertThat(e.issues().get(0).line()).isEqualTo(2);
    assertThat(e.issues().get(0).message()).contains("'level'");
    assertThat(e.issues().get(1).message()).contains("unknown key 'anyOff'");
    assertThat(e.issues().get(2).message()).contains("unknown alias 'AiAudit/ai.riskClas'");
    assertThat(e.issues().get(3).message()).contains("unknown function 'nope'");
    assertThat(e.issues().get(4).message()).contains("details.type 'AiAudit/journal.nothing' is not an evidence type");
    assertThat(e.issues()).allSatisfy(i -> assertThat(i.line()).isGreaterThan(1));
  }

  @Test
  void badDefaultOfAMemberDefinition_isReportedOnce_atItsDefaultValue() {
    String def = """
        {"name": "m", "properties": {"displayName": "M",
          "parameters": {"effect": {"type": "String", "allowedValues": ["Audit", "Deny"], "defaultValue": "Sometimes"}},
          "policyRule": {"if": {"field": "AiAudit/ai.riskClas", "equals": "high"}, "then": {"effect": "[parameters('effect')]"}}}}
        """;
    String set = """
        {"name": "s", "properties": {"displayName": "S", "policyDefinitions": [{"policyDefinitionId": "m"}]}}
        """;
    PolicyLoadException e = loadError(Map.of("m.json", def, "s.json", set));
    assertThat(e.issues()).extracting(Diagnostic::code).containsExactly("POL006", "POL013");
    assertThat(e.issues()).allSatisfy(i -> assertThat(i.file()).isEqualTo("m.json"));
    assertThat(e.issues().get(0).line()).isEqualTo(2);
  }

  @Test
  void builtInContent_loadsWithoutNotes() throws Exception {
    assertThat(PolicyLibrary.builtIn().notes()).isEmpty();
  }

  @Test
  void arrayParameterWithAllowedValues_validatesEachElement() throws Exception {
    // concepts/definition-structure-parameters: for an array parameter, allowedValues lists allowed elements
    String def = """
        {"name": "a", "properties": {"displayName": "A",
          "parameters": {"classes": {"type": "Array", "allowedValues": ["high", "limited", "minimal"],
                                     "defaultValue": ["high", "limited"]}},
          "policyRule": {"if": {"field": "AiAudit/ai.riskClass", "in": "[parameters('classes')]"}, "then": {"effect": "audit"}}}}
        """;
    PolicyLibrary lib = lib(Map.of("a.json", def));
    PolicyDefinition d = lib.definition("a").orElseThrow();
    assertThat(lib.compileStandalone(d, Map.of("classes", JsonNodes.json("[\"minimal\"]")))).isNotNull();
    assertThatThrownBy(() -> lib.compileStandalone(d, Map.of("classes", JsonNodes.json("[\"high\", \"bogus\"]"))))
        .hasMessageContaining("POL006").hasMessageContaining("element \"bogus\"");
  }

  /** Small JSON helpers. */
  static final class JsonNodes {
    private JsonNodes() {}

    static JsonNode text(String s) {
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(s);
    }

    static JsonNode json(String s) {
      try {
        return Fixtures.JSON.readTree(s);
      } catch (Exception e) {
        throw new IllegalArgumentException(e);
      }
    }
  }
}
