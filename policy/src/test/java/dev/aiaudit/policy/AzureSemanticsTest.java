package dev.aiaudit.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.policy.eval.CompiledPolicy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verdicts on definitions written in Azure's published format, one documented rule per test; each test
 * names the Azure documentation section it follows (learn.microsoft.com/azure/governance/policy/...).
 */
class AzureSemanticsTest {

  /** A definition envelope around one {@code if}; {@code effect} and {@code mode} as Azure spells them. */
  static String def(String mode, String ifJson, String effect, String details) {
    return """
        {"id": "/providers/Microsoft.Authorization/policyDefinitions/t", "name": "t",
         "type": "Microsoft.Authorization/policyDefinitions",
         "properties": {"displayName": "T", "mode": "%s", "policyType": "Custom",
           "parameters": {"tagName": {"type": "String", "defaultValue": "team"},
                          "allowed": {"type": "Array", "defaultValue": ["minimal"]}},
           "policyRule": {"if": %s, "then": {"effect": "%s"%s}}}}
        """.formatted(mode, ifJson, effect, details == null ? "" : ", \"details\": " + details);
  }

  static PolicyLibrary lib(String definition, boolean lenient) throws PolicyLoadException {
    return PolicyLibrary.fromFiles(Map.of("t.json", definition.getBytes(StandardCharsets.UTF_8)),
        new PolicyLibrary.Options(lenient));
  }

  static PolicyResult run(String definition, JsonNode item) throws Exception {
    return run(definition, item, Fixtures.goodEvidence(), false);
  }

  static PolicyResult run(String definition, JsonNode item, JsonNode evidence, boolean lenient) throws Exception {
    PolicyLibrary lib = lib(definition, lenient);
    CompiledPolicy p = lib.compileStandalone(lib.definition("t").orElseThrow(), Map.of());
    PolicyEngine engine = PolicyEngine.builder(lib).policies(List.of(p)).evidence(Fixtures.evidence(evidence))
        .clock(Fixtures.CLOCK).build();
    return engine.evaluate(item).results().get(0);
  }

  /** The fixture deployment (kind Deployment, label team=risk, one container), with a merge patch. */
  static ObjectNode item(String patch) throws Exception {
    ObjectNode base = Fixtures.baseItem();
    base.putObject("labels").put("app", "credit-scorer").put("team", "risk");
    return (ObjectNode) Fixtures.merge(base, Fixtures.JSON.readTree(patch));
  }

  static ComplianceState state(String mode, String ifJson, JsonNode item) throws Exception {
    return run(def(mode, ifJson, "audit", null), item).state();
  }

  // --- how-to/author-policies-for-arrays -------------------------------------------------------

  @Test
  void arrays_fieldFunctionOnStarAlias_returnsTheArrayOfSelectedValues() throws Exception {
    // how-to/author-policies-for-arrays, "Referencing array resource properties": field('alias[*].p') is an array
    String twoImages = "{\"containers\": [{\"name\": \"a\", \"image\": \"r/a:1\"}, {\"name\": \"b\", \"image\": \"r/b:latest\"}]}";
    String cond = "{\"value\": \"[length(field('AiAudit/containers[*].image'))]\", \"greater\": 1}";
    assertThat(state("All", cond, item(twoImages))).isEqualTo(ComplianceState.NON_COMPLIANT);
    assertThat(state("All", cond, item("{}"))).isEqualTo(ComplianceState.COMPLIANT);
    String contains = "{\"value\": \"[field('containers[*].image')]\", \"contains\": \"r/b:latest\"}";
    assertThat(state("All", contains, item(twoImages))).isEqualTo(ComplianceState.NON_COMPLIANT);
  }

  @Test
  void arrays_currentOfTheArrayAlias_insideAFieldCount_isTheCurrentElement() throws Exception {
    // how-to/author-policies-for-arrays, "Field count expressions": current('<array alias>') in where
    String twoImages = "{\"containers\": [{\"name\": \"a\", \"image\": \"r/a:1\"}, {\"name\": \"b\", \"image\": \"r/b:latest\"}]}";
    String cond = """
        {"count": {"field": "AiAudit/containers[*]",
                   "where": {"value": "[current('AiAudit/containers[*]').image]", "like": "*:latest"}}, "greater": 0}
        """;
    assertThat(state("All", cond, item(twoImages))).isEqualTo(ComplianceState.NON_COMPLIANT);
    assertThat(state("All", cond, item("{}"))).isEqualTo(ComplianceState.COMPLIANT);
    String byProperty = """
        {"count": {"field": "containers[*]",
                   "where": {"value": "[current('containers[*].name')]", "equals": "b"}}, "equals": 1}
        """;
    assertThat(state("All", byProperty, item(twoImages))).isEqualTo(ComplianceState.NON_COMPLIANT);
  }

  // --- concepts/definition-structure-policy-rule ------------------------------------------------

  @Test
  void fields_locationIsNormalised_westEuropeEqualsWesteurope() throws Exception {
    // definition-structure-policy-rule, "Fields": location values are normalised ("West Europe" = "westeurope")
    JsonNode inEurope = item("{\"labels\": {\"topology.kubernetes.io/region\": \"westeurope\"}}");
    assertThat(state("All", "{\"field\": \"location\", \"equals\": \"West Europe\"}", inEurope))
        .isEqualTo(ComplianceState.NON_COMPLIANT);
    assertThat(state("All", "{\"field\": \"location\", \"notIn\": [\"West Europe\", \"North Europe\"]}", inEurope))
        .isEqualTo(ComplianceState.COMPLIANT);
    JsonNode spaced = item("{\"labels\": {\"topology.kubernetes.io/region\": \"West Europe\"}}");
    assertThat(state("All", "{\"field\": \"location\", \"in\": [\"westeurope\"]}", spaced))
        .isEqualTo(ComplianceState.NON_COMPLIANT);
  }

  @Test
  void fields_tagsAloneAndEverySpellingOfOneTag_mapToTheItemsLabels() throws Exception {
    // definition-structure-policy-rule, "Fields": tags, tags['name'], tags[name], tags.name
    JsonNode i = item("{}");
    assertThat(state("All", "{\"field\": \"tags\", \"containsKey\": \"team\"}", i)).isEqualTo(ComplianceState.NON_COMPLIANT);
    assertThat(state("All", "{\"field\": \"tags\", \"containsKey\": \"owner\"}", i)).isEqualTo(ComplianceState.COMPLIANT);
    for (String f : List.of("tags[team]", "tags['team']", "tags.team", "Tags[team]")) {
      assertThat(state("All", "{\"field\": \"" + f + "\", \"equals\": \"RISK\"}", i)).as(f).isEqualTo(ComplianceState.NON_COMPLIANT);
    }
  }

  @Test
  void logical_lowerCaseAnyofAndAllof_areAccepted() throws Exception {
    // definition-structure-policy-rule, "Logical operators"; Azure's own files spell them anyof/allof
    String cond = """
        {"allof": [{"field": "type", "equals": "Deployment"},
                   {"anyof": [{"field": "AiAudit/ai.riskClass", "equals": "high"}, {"field": "name", "equals": "x"}]}]}
        """;
    assertThat(state("All", cond, item("{}"))).isEqualTo(ComplianceState.NON_COMPLIANT);
  }

  @Test
  void field_givenAsAnExpressionOfParameters_isResolvedAtLoad() throws Exception {
    // definition-structure-policy-rule, "Fields": the field may be a template expression
    String cond = "{\"field\": \"[concat('tags[', parameters('tagName'), ']')]\", \"exists\": false}";
    assertThat(state("All", cond, item("{}"))).isEqualTo(ComplianceState.COMPLIANT);
    assertThat(state("All", cond, item("{\"labels\": {\"team\": null}}"))).isEqualTo(ComplianceState.NON_COMPLIANT);
  }

  @Test
  void value_expressionsInsideArrayLiterals_areEvaluated() throws Exception {
    // definition-structure-policy-rule, "Value": expressions in array elements
    String cond = "{\"field\": \"AiAudit/ai.riskClass\", \"in\": [\"[first(parameters('allowed'))]\", \"limited\"]}";
    assertThat(state("All", cond, item("{\"ai\": {\"riskClass\": \"minimal\"}}"))).isEqualTo(ComplianceState.NON_COMPLIANT);
    assertThat(state("All", cond, item("{}"))).isEqualTo(ComplianceState.COMPLIANT);
  }

  @Test
  void requestContextApiVersion_andCallResultAccess_evaluate() throws Exception {
    // definition-structure-policy-rule, "Policy functions": requestContext().apiVersion; the latest version in a scan
    String cond = "{\"value\": \"[requestContext().apiVersion]\", \"greaterOrEquals\": \"2019-08-01\"}";
    assertThat(state("All", cond, item("{}"))).isEqualTo(ComplianceState.NON_COMPLIANT);
    String split = "{\"value\": \"[split(field('id'), '/')[1]]\", \"equals\": \"Deployment\"}";
    assertThat(state("All", split, item("{}"))).isEqualTo(ComplianceState.NON_COMPLIANT);
  }

  // --- applicability (issue 15 item 4; concepts/definition-structure-basics "Resource Manager modes") ---

  @Test
  void type_mapsOntoTheItemKind_andAFailedTypeGateIsNotApplicable() throws Exception {
    String cond = """
        {"allOf": [{"field": "type", "equals": "StatefulSet"}, {"field": "AiAudit/ai.riskClass", "equals": "high"}]}
        """;
    PolicyResult onDeployment = run(def("All", cond, "audit", null), item("{}"));
    assertThat(onDeployment.state()).isEqualTo(ComplianceState.NOT_APPLICABLE);
    assertThat(onDeployment.applicable()).isFalse();
    assertThat(onDeployment.reasons().get(0).message()).contains("type gate not met");
    assertThat(run(def("All", cond, "audit", null), item("{\"kind\": \"StatefulSet\"}")).state())
        .isEqualTo(ComplianceState.NON_COMPLIANT);
    String kindOk = cond.replace("\"high\"", "\"minimal\"");
    assertThat(run(def("All", kindOk, "audit", null), item("{\"kind\": \"StatefulSet\"}")).state())
        .isEqualTo(ComplianceState.COMPLIANT);
  }

  @Test
  void azureResourceType_ruleLoadsWithItsAliases_andIsNotApplicableToEveryItem_neverCompliant() throws Exception {
    String cond = """
        {"allOf": [{"field": "type", "equals": "Microsoft.Storage/storageAccounts"},
                   {"field": "Microsoft.Storage/storageAccounts/minimumTlsVersion", "notEquals": "TLS1_2"}]}
        """;
    PolicyLibrary lib = lib(def("Indexed", cond, "Audit", null), false);
    assertThat(lib.notes()).anySatisfy(n -> assertThat(n).contains("notApplicable to every inventory item")
        .contains("Microsoft.Storage/storageAccounts"));
    PolicyResult r = run(def("Indexed", cond, "Audit", null),
        item("{\"labels\": {\"topology.kubernetes.io/region\": \"westeurope\"}}"));
    assertThat(r.state()).isEqualTo(ComplianceState.NOT_APPLICABLE);
  }

  @Test
  void azureTypeGateWrittenAsAnyOf_withCountAndCurrentOfAzureAliases_loadsAndIsNotApplicable() throws Exception {
    String cond = """
        {"allOf": [
          {"anyOf": [{"field": "type", "equals": "Microsoft.Compute/virtualMachines"},
                     {"field": "type", "like": "Microsoft.Compute/virtualMachineScaleSets*"}]},
          {"count": {"field": "Microsoft.Compute/virtualMachines/networkProfile.networkInterfaces[*]",
                     "where": {"value": "[current('Microsoft.Compute/virtualMachines/networkProfile.networkInterfaces[*]').id]",
                               "like": "*/nic-*"}}, "greater": 0}]}
        """;
    PolicyResult r = run(def("All", cond, "audit", null), item("{}"));
    assertThat(r.state()).isEqualTo(ComplianceState.NOT_APPLICABLE);
    assertThat(r.reasons().get(0).message()).contains("Microsoft.Compute/virtualMachines");
    // an anyOf mixing a reachable kind keeps the rule reachable, so its Azure alias is a load error
    String mixed = cond.replace("Microsoft.Compute/virtualMachineScaleSets*", "Deployment");
    assertThat(org.junit.jupiter.api.Assertions.assertThrows(PolicyLoadException.class,
        () -> lib(def("All", mixed, "audit", null), false)).getMessage()).contains("POL013");
  }

  @Test
  void resourceProviderMode_isNotApplicableToEveryItem() throws Exception {
    String cond = "{\"field\": \"type\", \"in\": [\"AKS Engine\", \"Microsoft.ContainerService/managedClusters\"]}";
    PolicyResult r = run(def("Microsoft.Kubernetes.Data", cond, "audit", null), item("{}"));
    assertThat(r.state()).isEqualTo(ComplianceState.NOT_APPLICABLE);
    assertThat(r.reasons().get(0).message()).contains("Microsoft.Kubernetes.Data");
  }

  @Test
  void indexedMode_itemWithoutLocation_isNotApplicable() throws Exception {
    // definition-structure-basics, "Resource Manager modes": indexed evaluates only resources with tags and location
    String cond = "{\"field\": \"location\", \"notIn\": [\"westeurope\"]}";
    assertThat(state("Indexed", cond, item("{}"))).isEqualTo(ComplianceState.NOT_APPLICABLE);
    assertThat(state("Indexed", cond, item("{\"labels\": {\"topology.kubernetes.io/region\": \"eastus\"}}")))
        .isEqualTo(ComplianceState.NON_COMPLIANT);
    assertThat(state("All", "{\"field\": \"AiAudit/ai.riskClass\", \"equals\": \"high\"}", item("{}")))
        .isEqualTo(ComplianceState.NON_COMPLIANT);
  }

  @Test
  void unknownAlias_isALoadErrorNamingIt_orWithTheFlag_anUnknownVerdict_neverCompliant() throws Exception {
    String cond = "{\"field\": \"Microsoft.Storage/storageAccounts/minimumTlsVersion\", \"notEquals\": \"TLS1_2\"}";
    PolicyLoadException e = org.junit.jupiter.api.Assertions.assertThrows(PolicyLoadException.class,
        () -> lib(def("All", cond, "audit", null), false));
    assertThat(e.issues()).singleElement().satisfies(i -> {
      assertThat(i.code()).isEqualTo("POL013");
      assertThat(i.message()).contains("unknown alias 'Microsoft.Storage/storageAccounts/minimumTlsVersion'");
    });
    PolicyResult r = run(def("All", cond, "audit", null), item("{}"), Fixtures.goodEvidence(), true);
    assertThat(r.state()).isEqualTo(ComplianceState.UNKNOWN);
    assertThat(r.reasons().get(0).message()).contains("unknown alias");
    // three-valued logic: a known false member decides allOf, a known true member decides anyOf
    String allFalse = "{\"allOf\": [{\"field\": \"AiAudit/ai.riskClass\", \"equals\": \"minimal\"}, " + cond + "]}";
    assertThat(run(def("All", allFalse, "audit", null), item("{}"), Fixtures.goodEvidence(), true).state())
        .isEqualTo(ComplianceState.COMPLIANT);
    String anyTrue = "{\"anyOf\": [" + cond + ", {\"field\": \"AiAudit/ai.riskClass\", \"equals\": \"high\"}]}";
    assertThat(run(def("All", anyTrue, "audit", null), item("{}"), Fixtures.goodEvidence(), true).state())
        .isEqualTo(ComplianceState.NON_COMPLIANT);
  }

  // --- effects ai-audit does not enforce (concepts/effect-*, concepts/compliance-states) -----------

  @Test
  void modifyAndAppend_loadNotEnforced_ifTrueIsNonCompliantAsAzureReportsIt() throws Exception {
    String cond = "{\"field\": \"AiAudit/ai.riskClass\", \"equals\": \"high\"}";
    for (String effect : List.of("Modify", "Append")) {
      PolicyLibrary lib = lib(def("All", cond, effect, "{\"operations\": []}"), false);
      assertThat(lib.notes()).anySatisfy(n -> assertThat(n).contains("not enforced by ai-audit"));
      PolicyResult r = run(def("All", cond, effect, "{\"operations\": []}"), item("{}"));
      assertThat(r.state()).isEqualTo(ComplianceState.NON_COMPLIANT);
      assertThat(r.reasons()).anySatisfy(x -> assertThat(x.message()).contains("not enforced by ai-audit"));
      assertThat(run(def("All", cond, effect, null), item("{\"ai\": {\"riskClass\": \"minimal\"}}")).state())
          .isEqualTo(ComplianceState.COMPLIANT);
    }
  }

  @Test
  void deployIfNotExists_existenceConditionIsEvaluatedOnJournalEvidence_deploymentNotEnforced() throws Exception {
    String details = """
        {"type": "AiAudit/journal.events", "window": "P1D",
         "existenceCondition": {"field": "count", "greaterOrEquals": 1},
         "roleDefinitionIds": [], "deployment": {"properties": {"mode": "incremental", "template": {}}}}
        """;
    String cond = "{\"field\": \"AiAudit/ai.riskClass\", \"equals\": \"high\"}";
    PolicyResult ok = run(def("All", cond, "DeployIfNotExists", details), item("{}"));
    assertThat(ok.state()).isEqualTo(ComplianceState.COMPLIANT);
    assertThat(ok.reasons()).anySatisfy(x -> assertThat(x.message()).contains("not enforced by ai-audit"));
    JsonNode noEvents = Fixtures.merge(Fixtures.goodEvidence(), Fixtures.JSON.readTree("{\"events\": []}"));
    assertThat(run(def("All", cond, "DeployIfNotExists", details), item("{}"), noEvents, false).state())
        .isEqualTo(ComplianceState.NON_COMPLIANT);
    assertThat(run(def("All", cond, "DeployIfNotExists", details), item("{\"ai\": {\"riskClass\": \"minimal\"}}")).state())
        .isEqualTo(ComplianceState.NOT_APPLICABLE);
  }

  @Test
  void ifNotExists_onAnAzureRelatedResource_isUnknown_neverCompliant() throws Exception {
    String details = """
        {"type": "Microsoft.Insights/diagnosticSettings",
         "existenceCondition": {"field": "Microsoft.Insights/diagnosticSettings/logs.enabled", "equals": "true"}}
        """;
    String cond = "{\"field\": \"AiAudit/ai.riskClass\", \"equals\": \"high\"}";
    for (String effect : List.of("AuditIfNotExists", "DeployIfNotExists")) {
      PolicyResult r = run(def("All", cond, effect, details), item("{}"));
      assertThat(r.state()).as(effect).isEqualTo(ComplianceState.UNKNOWN);
      assertThat(r.reasons().get(0).message()).contains("Microsoft.Insights/diagnosticSettings").contains("not visible");
    }
  }

  @Test
  void denyActionAndMutate_haveNoComplianceState_regoIsUnknown() throws Exception {
    String cond = "{\"field\": \"AiAudit/ai.riskClass\", \"equals\": \"high\"}";
    assertThat(run(def("All", cond, "DenyAction", "{\"actionNames\": [\"delete\"]}"), item("{}")).state())
        .isEqualTo(ComplianceState.NOT_APPLICABLE);
    assertThat(run(def("All", cond, "Mutate", "{\"mutationInfo\": {}}"), item("{}")).state())
        .isEqualTo(ComplianceState.NOT_APPLICABLE);
    PolicyResult rego = run(def("All", cond, "EnforceRegoPolicy", "{\"policyId\": \"x\"}"), item("{}"));
    assertThat(rego.state()).isEqualTo(ComplianceState.UNKNOWN);
    assertThat(rego.reasons().get(0).message()).contains("not enforced by ai-audit");
  }

  // --- reports count notApplicable apart from compliant ------------------------------------------

  @Test
  void reports_countNotApplicableApartFromCompliant() throws Exception {
    String gated = "{\"allOf\": [{\"field\": \"type\", \"equals\": \"Job\"}, {\"field\": \"name\", \"equals\": \"x\"}]}";
    PolicyLibrary lib = lib(def("All", gated, "audit", null), false);
    CompiledPolicy p = lib.compileStandalone(lib.definition("t").orElseThrow(), Map.of());
    PolicyEngine engine = PolicyEngine.builder(lib).policies(List.of(p)).clock(Fixtures.CLOCK).build();
    JsonNode deployment = item("{}");
    EvaluationReport report = engine.evaluate(List.of(deployment));
    assertThat(report.resultCounts().get(ComplianceState.NOT_APPLICABLE)).isEqualTo(1);
    assertThat(report.resultCounts().get(ComplianceState.COMPLIANT)).isZero();
    assertThat(report.deployments().get(0).state()).isEqualTo(ComplianceState.NOT_APPLICABLE);
    java.io.StringWriter text = new java.io.StringWriter();
    dev.aiaudit.policy.report.PolicyReports.write("text", report, List.of(deployment), text);
    assertThat(text.toString()).contains("results:     compliant 0, non-compliant 0, exempt 0, unknown 0, error 0, not-applicable 1");
    java.io.StringWriter json = new java.io.StringWriter();
    dev.aiaudit.policy.report.PolicyReports.write("json", report, List.of(deployment), json);
    assertThat(Fixtures.JSON.readTree(json.toString()).path("totals").path("results").path("not-applicable").asInt())
        .isEqualTo(1);
    JsonNode finding = Fixtures.JSON.readTree(json.toString()).path("sections").path(0).path("findings").path(0);
    assertThat(finding.path("properties").path("definition-version").asText()).isEqualTo("1.0.0");
    assertThat(finding.path("status").asText()).isEqualTo("not-applicable");
  }

  @Test
  void evaluationErrorOfAFunction_isErrorNeverCompliant() throws Exception {
    // definition-structure-policy-rule: a function error fails the evaluation
    String cond = "{\"value\": \"[int(field('name'))]\", \"greater\": 1}";
    PolicyResult r = run(def("All", cond, "audit", null), item("{}"));
    assertThat(r.state()).isEqualTo(ComplianceState.ERROR);
    assertThat(r.reasons().get(0).message()).contains("not a number");
  }
}
