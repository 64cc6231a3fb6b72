package dev.aiaudit.policy.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.aiaudit.policy.DeploymentResult;
import dev.aiaudit.policy.EvaluationReport;
import dev.aiaudit.policy.PolicyResult;
import dev.aiaudit.policy.Reason;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * OpenReports ({@code openreports.io/v1alpha1}) Report objects, one per deployment, as a YAML
 * stream for {@code kubectl apply -f -}. Results: compliant = pass, non-compliant = fail,
 * error = error, unknown = warn (not scored), exempt and not applicable = skip.
 */
final class OpenReportsReport {
  private static final ObjectMapper YAML = new ObjectMapper(
      new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private OpenReportsReport() {}

  static void write(EvaluationReport r, Writer out) throws IOException {
    for (DeploymentResult d : r.deployments()) {
      out.write("---\n");
      out.write(YAML.writeValueAsString(report(r, d)));
    }
  }

  static ObjectNode report(EvaluationReport r, DeploymentResult d) {
    ObjectNode o = YAML.createObjectNode();
    o.put("apiVersion", "openreports.io/v1alpha1").put("kind", "Report");
    ObjectNode meta = o.putObject("metadata");
    meta.put("name", name(d));
    if (!d.namespace().isEmpty()) {
      meta.put("namespace", d.namespace());
    }
    meta.putObject("labels").put("app.kubernetes.io/managed-by", "ai-audit");
    meta.putObject("annotations").put("ai-audit.io/deployment-id", d.id()).put("ai-audit.io/state", d.state().wireName());
    o.put("source", "ai-audit");
    if (d.id().startsWith("k8s:") && !d.kind().isEmpty()) {
      ObjectNode scope = o.putObject("scope").put("apiVersion", apiVersion(d.kind())).put("kind", d.kind()).put("name", d.name());
      if (!d.namespace().isEmpty()) {
        scope.put("namespace", d.namespace());
      }
    }
    int pass = 0;
    int fail = 0;
    int warn = 0;
    int error = 0;
    int skip = 0;
    var results = o.putArray("results");
    for (PolicyResult p : d.results()) {
      String res = result(p);
      switch (res) {
        case "pass" -> pass++;
        case "fail" -> fail++;
        case "warn" -> warn++;
        case "error" -> error++;
        default -> skip++;
      }
      ObjectNode x = results.addObject();
      x.put("source", "ai-audit").put("policy", p.policyId()).put("rule", p.referenceId())
          .put("category", p.initiativeId()).put("severity", p.severity().wireName()).put("result", res)
          .put("scored", !res.equals("warn"));
      x.put("message", p.displayName() + (p.reasons().isEmpty() ? ""
          : ": " + p.reasons().stream().map(Reason::message).collect(Collectors.joining("; "))));
      x.putObject("timestamp").put("seconds", r.evaluatedAt().getEpochSecond()).put("nanos", r.evaluatedAt().getNano());
      ObjectNode props = x.putObject("properties");
      props.put("controls", String.join(",", p.controls())).put("state", p.state().wireName())
          .put("effect", p.effect().wireName()).put("source", p.source());
      if (!p.evidence().isEmpty()) {
        props.put("evidence", p.evidence().stream().map(e -> e.seq() + ":" + e.hash()).collect(Collectors.joining(",")));
      }
    }
    o.putObject("summary").put("pass", pass).put("fail", fail).put("warn", warn).put("error", error).put("skip", skip);
    return o;
  }

  static String result(PolicyResult p) {
    if (!p.applicable()) {
      return "skip";
    }
    return switch (p.state()) {
      case COMPLIANT -> "pass";
      case NON_COMPLIANT -> "fail";
      case ERROR -> "error";
      case UNKNOWN -> "warn";
      case EXEMPT, NOT_APPLICABLE -> "skip";
    };
  }

  private static String apiVersion(String kind) {
    return switch (kind) {
      case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet" -> "apps/v1";
      case "Job", "CronJob" -> "batch/v1";
      default -> "v1";
    };
  }

  /** A DNS-1123 name of at most 63 characters. */
  static String name(DeploymentResult d) {
    String base = (d.kind().isEmpty() ? "" : d.kind() + "-") + (d.name().isEmpty() ? d.id() : d.name());
    String n = ("ai-audit-" + base).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
    if (n.length() > 63) {
      n = n.substring(0, 54) + "-" + Uuids.v5(d.id()).substring(0, 8);
    }
    return n.replaceAll("-$", "");
  }
}
