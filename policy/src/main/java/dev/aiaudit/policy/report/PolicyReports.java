package dev.aiaudit.policy.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.model.Finding;
import dev.aiaudit.policy.ComplianceState;
import dev.aiaudit.policy.DeploymentResult;
import dev.aiaudit.policy.EvaluationReport;
import dev.aiaudit.policy.PolicyResult;
import dev.aiaudit.policy.PolicySetDefinition;
import dev.aiaudit.policy.Reason;
import dev.aiaudit.report.Assessment;
import dev.aiaudit.report.JsonWriter;
import dev.aiaudit.report.ReportFormat;
import dev.aiaudit.report.Section;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An {@link EvaluationReport} in the shared report formats ({@link ReportFormat}: one section per deployment, one
 * finding per policy result, the control roll-up per initiative as summary lines and as the JSON member
 * {@code initiatives}), plus the inventory as a CycloneDX ML-BOM ({@code cyclonedx}).
 */
public final class PolicyReports {
  /** The format that is not a findings report: the evaluated inventory as a CycloneDX 1.6 ML-BOM. */
  public static final String CYCLONEDX = "cyclonedx";

  private PolicyReports() {}

  /** Fails with the accepted names when {@code format} is neither a {@link ReportFormat} nor {@value #CYCLONEDX}. */
  public static void checkFormat(String format) {
    if (!format.trim().equalsIgnoreCase(CYCLONEDX)) {
      try {
        ReportFormat.parse(format);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown format '" + format + "' (expected " + ReportFormat.names()
            + " or " + CYCLONEDX + ")", e);
      }
    }
  }

  /** Writes {@code report} (and, for the ML-BOM, the evaluated {@code items}) in {@code format}. */
  public static void write(String format, EvaluationReport report, List<JsonNode> items, Writer out) throws IOException {
    checkFormat(format);
    if (format.trim().equalsIgnoreCase(CYCLONEDX)) {
      MlBomExport.write(report, items, out);
      out.flush();
    } else {
      ReportFormat.parse(format).write(assessment(report), out);
    }
  }

  /** The report as an assessment: a section per deployment. */
  public static Assessment assessment(EvaluationReport r) {
    List<Section> sections = new ArrayList<>();
    for (DeploymentResult d : r.deployments()) {
      sections.add(section(d));
    }
    List<String> summary = new ArrayList<>();
    ArrayNode initiatives = JsonWriter.MAPPER.createArrayNode();
    for (PolicySetDefinition s : r.initiatives()) {
      var rollup = ControlRollup.of(r, s);
      summary.add("controls of " + s.id() + " (worst deployment per control): " + Arrays.stream(ComplianceState.values())
          .map(st -> st.wireName() + " " + ControlRollup.controlsWorst(rollup, st)).collect(Collectors.joining(", ")));
      ObjectNode i = initiatives.addObject().put("id", s.id()).put("displayName", s.displayName()).put("version", s.version())
          .put("policies", s.policies().size());
      ArrayNode controls = i.putArray("controls");
      rollup.forEach((g, counts) -> controls.addObject().put("id", g.name()).put("category", g.category())
          .put("displayName", g.displayName()).set("deployments", counts(counts)));
    }
    summary.add("deployments: " + line(r.deploymentCounts()));
    summary.add("results:     " + line(r.resultCounts()));
    ObjectNode totals = JsonWriter.MAPPER.createObjectNode();
    totals.set("deployments", counts(r.deploymentCounts()));
    totals.set("results", counts(r.resultCounts()));
    Map<String, JsonNode> extensions = new LinkedHashMap<>();
    extensions.put("initiatives", initiatives);
    extensions.put("totals", totals);
    String title = "ai-audit policy report: " + r.deployments().size() + " deployment(s) against "
        + r.initiatives().stream().map(PolicySetDefinition::id).collect(Collectors.joining(", "));
    return new Assessment("ai-audit policy eval", title, "", r.evaluatedAt(), Duration.ZERO, sections, summary,
        r.warnings(), extensions);
  }

  private static Section section(DeploymentResult d) {
    Map<String, String> props = new LinkedHashMap<>();
    putIfSet(props, "kind", d.kind());
    putIfSet(props, "name", d.name());
    putIfSet(props, "namespace", d.namespace());
    props.put("declared", Boolean.toString(d.declared()));
    Map<ComplianceState, Integer> counts = new java.util.EnumMap<>(ComplianceState.class);
    d.results().forEach(p -> counts.merge(p.state(), 1, Integer::sum));
    List<String> notes = d.declared() ? List.of() : List.of("SHADOW AI: not in any manifest, seen only on the host");
    return new Section(d.id(), d.declared() ? d.id() : d.id() + " (shadow AI)", d.id(), d.state().wireName(),
        d.results().size() + " policies: " + line(counts), props, Map.of(),
        d.results().stream().map(PolicyReports::finding).toList(), notes);
  }

  /** One policy result as a finding; not applicable whenever the policy's {@code if} did not select the deployment. */
  static Finding finding(PolicyResult p) {
    Finding.Status status = !p.applicable() ? Finding.Status.NOT_APPLICABLE : switch (p.state()) {
      case COMPLIANT -> Finding.Status.PASS;
      case NON_COMPLIANT -> Finding.Status.FAIL;
      case ERROR -> Finding.Status.ERROR;
      case UNKNOWN -> Finding.Status.UNKNOWN;
      case EXEMPT -> Finding.Status.EXEMPT;
      case NOT_APPLICABLE -> Finding.Status.NOT_APPLICABLE;
    };
    Map<String, String> props = new LinkedHashMap<>();
    props.put("rule", p.referenceId());
    props.put("effect", p.effect().wireName());
    props.put("source", p.source());
    if (p.machineState() != p.state()) {
      props.put("machine-state", p.machineState().wireName());
    }
    putIfSet(props, "definition-version", p.definitionVersion());
    String state = p.applicable() ? p.state().wireName() : ComplianceState.NOT_APPLICABLE.wireName();
    return new Finding(p.policyId(), p.displayName(), p.initiativeId().isEmpty() ? "policy" : p.initiativeId(),
        p.severity(), status, state, p.controls(), "", "", p.reasons().stream().map(Reason::message).toList(), "",
        p.evidence().stream().map(e -> new Finding.Evidence(e.seq(), e.hash())).toList(), props);
  }

  private static void putIfSet(Map<String, String> m, String k, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, v);
    }
  }

  private static ObjectNode counts(Map<ComplianceState, Integer> m) {
    ObjectNode o = JsonWriter.MAPPER.createObjectNode();
    for (ComplianceState s : ComplianceState.values()) {
      o.put(s.wireName(), m.getOrDefault(s, 0));
    }
    return o;
  }

  private static String line(Map<ComplianceState, Integer> m) {
    return Arrays.stream(ComplianceState.values()).map(s -> s.wireName() + " " + m.getOrDefault(s, 0))
        .collect(Collectors.joining(", ")).toLowerCase(Locale.ROOT);
  }
}
