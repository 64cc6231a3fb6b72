package dev.aiaudit.policy.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.policy.ComplianceState;
import dev.aiaudit.policy.DeploymentResult;
import dev.aiaudit.policy.EvaluationReport;
import dev.aiaudit.policy.EvidenceRecord;
import dev.aiaudit.policy.PolicyResult;
import dev.aiaudit.policy.PolicySetDefinition;
import dev.aiaudit.policy.Reason;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * OSCAL 1.1 assessment-results. Each deployment is a local inventory item and subject; each policy
 * result is an observation (method TEST, relevant evidence = cited journal records); each
 * (deployment, control) pair is a finding whose target status is {@code satisfied} when all its
 * policies are compliant or exempt, else {@code not-satisfied} (reason {@code fail} for
 * non-compliance, {@code other} for unknown/error). AR requires {@code import-ap}: a minimal
 * assessment plan is embedded as a base64 back-matter resource and referenced by fragment.
 */
final class OscalReport {
  static final String OSCAL_VERSION = "1.1.2";

  private OscalReport() {}

  static void write(EvaluationReport r, Writer out) throws IOException {
    JsonReport.MAPPER.writeValue(new JsonReport.NonClosing(out), tree(r));
    out.write('\n');
  }

  static ObjectNode tree(EvaluationReport r) {
    String at = r.evaluatedAt().toString();
    ObjectNode root = JsonReport.MAPPER.createObjectNode();
    ObjectNode ar = root.putObject("assessment-results");
    ar.put("uuid", Uuids.v5("ar/" + at + "/" + r.deployments().size()));
    metadata(ar.putObject("metadata"), "ai-audit policy evaluation", at);
    String apResource = Uuids.v5("ap-resource/" + at);
    ar.putObject("import-ap").put("href", "#" + apResource);
    ObjectNode result = ar.putArray("results").addObject();
    result.put("uuid", Uuids.v5("result/" + at));
    result.put("title", "ai-audit policy eval");
    result.put("description", "Evaluation of AI deployments against "
        + r.initiatives().stream().map(PolicySetDefinition::displayName).collect(Collectors.joining("; ")));
    result.put("start", at);
    result.put("end", at);
    Set<String> controls = new LinkedHashSet<>();
    r.deployments().forEach(d -> d.results().forEach(p -> controls.addAll(p.controls())));
    ArrayNode include = result.putObject("reviewed-controls").putArray("control-selections").addObject()
        .putArray("include-controls");
    controls.forEach(c -> include.addObject().put("control-id", controlId(c)));
    ArrayNode items = result.putObject("local-definitions").putArray("inventory-items");
    ArrayNode observations = result.putArray("observations");
    ArrayNode findings = result.putArray("findings");
    for (DeploymentResult d : r.deployments()) {
      String itemUuid = Uuids.v5("item/" + d.id());
      ObjectNode item = items.addObject().put("uuid", itemUuid).put("description", "AI deployment " + d.id());
      item.putArray("props").addObject().put("name", "asset-id").put("value", d.id());
      Map<String, List<String>> obsByControl = new LinkedHashMap<>();
      Map<String, ComplianceState> stateByControl = new LinkedHashMap<>();
      for (PolicyResult p : d.results()) {
        String obsUuid = Uuids.v5("obs/" + at + "/" + d.id() + "/" + p.initiativeId() + "/" + p.referenceId());
        observation(observations.addObject(), obsUuid, itemUuid, p, at);
        for (String c : p.controls()) {
          obsByControl.computeIfAbsent(c, k -> new java.util.ArrayList<>()).add(obsUuid);
          stateByControl.merge(c, p.state(), ComplianceState::worst);
        }
      }
      for (var e : stateByControl.entrySet()) {
        finding(findings.addObject(), d.id(), e.getKey(), e.getValue(), obsByControl.get(e.getKey()), at);
      }
    }
    ObjectNode resource = ar.putObject("back-matter").putArray("resources").addObject();
    resource.put("uuid", apResource).put("title", "Minimal assessment plan (ai-audit policy eval)");
    String ap = assessmentPlan(at, controls).toString();
    resource.putObject("base64").put("filename", "assessment-plan.json").put("media-type", "application/json")
        .put("value", Base64.getEncoder().encodeToString(ap.getBytes(StandardCharsets.UTF_8)));
    return root;
  }

  /** The minimal assessment plan the results import: metadata, import-ssp and reviewed controls. */
  static ObjectNode assessmentPlan(String at, Set<String> controls) {
    ObjectNode root = JsonReport.MAPPER.createObjectNode();
    ObjectNode ap = root.putObject("assessment-plan");
    ap.put("uuid", Uuids.v5("ap/" + at));
    metadata(ap.putObject("metadata"), "ai-audit automated policy assessment plan", at);
    ap.putObject("import-ssp").put("href", "#ai-audit-inventory");
    ArrayNode include = ap.putObject("reviewed-controls").putArray("control-selections").addObject()
        .putArray("include-controls");
    controls.forEach(c -> include.addObject().put("control-id", controlId(c)));
    return root;
  }

  private static void metadata(ObjectNode m, String title, String at) {
    m.put("title", title).put("last-modified", at).put("version", "1.0").put("oscal-version", OSCAL_VERSION);
  }

  private static void observation(ObjectNode o, String uuid, String itemUuid, PolicyResult p, String at) {
    o.put("uuid", uuid).put("title", p.policyId());
    o.put("description", p.displayName() + " (" + p.source() + "): " + p.state().wireName());
    o.putArray("methods").add("TEST");
    o.putArray("types").add(p.state() == ComplianceState.NON_COMPLIANT ? "finding" : "control-objective");
    o.putArray("subjects").addObject().put("subject-uuid", itemUuid).put("type", "inventory-item");
    ArrayNode ev = o.putArray("relevant-evidence");
    for (EvidenceRecord e : p.evidence()) {
      ev.addObject().put("href", "journal:seq/" + e.seq()).put("description", "journal record " + e.seq() + " hash " + e.hash());
    }
    if (ev.isEmpty()) {
      o.remove("relevant-evidence");
    }
    o.put("collected", at);
    String remarks = p.reasons().stream().map(Reason::message).collect(Collectors.joining("; "));
    if (!remarks.isEmpty()) {
      o.put("remarks", remarks);
    }
  }

  private static void finding(ObjectNode f, String deployment, String control, ComplianceState s, List<String> obs, String at) {
    f.put("uuid", Uuids.v5("finding/" + at + "/" + deployment + "/" + control));
    f.put("title", control + " on " + deployment);
    f.put("description", "Control " + control + " for " + deployment + ": " + s.wireName());
    ObjectNode target = f.putObject("target").put("type", "objective-id").put("target-id", controlId(control));
    ObjectNode status = target.putObject("status");
    boolean ok = s == ComplianceState.COMPLIANT || s == ComplianceState.EXEMPT || s == ComplianceState.NOT_APPLICABLE;
    status.put("state", ok ? "satisfied" : "not-satisfied");
    status.put("reason", ok ? "pass" : s == ComplianceState.NON_COMPLIANT ? "fail" : "other");
    if (!ok || s != ComplianceState.COMPLIANT) {
      status.put("remarks", s.wireName());
    }
    ArrayNode rel = f.putArray("related-observations");
    obs.forEach(u -> rel.addObject().put("observation-uuid", u));
  }

  /** OSCAL tokens: lower-case, no spaces ({@code EUAIA-12.1} becomes {@code euaia-12.1}). */
  static String controlId(String c) {
    return c.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
  }
}
