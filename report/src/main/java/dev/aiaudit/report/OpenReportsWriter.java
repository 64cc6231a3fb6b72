package dev.aiaudit.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.aiaudit.model.Finding;
import java.io.IOException;
import java.io.Writer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * OpenReports ({@code openreports.io/v1alpha1}) Report objects, one per section, as a YAML stream for
 * {@code kubectl apply -f -}. Results: pass = pass, fail = fail, error = error, unknown = warn (not scored), exempt
 * and not applicable = skip. A section with {@code kind} and {@code name} properties (a Kubernetes workload) gets a
 * {@code scope}.
 */
final class OpenReportsWriter {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
  private static final String[] RESULTS = {"pass", "fail", "warn", "error", "skip"};

  private OpenReportsWriter() {}

  static void write(Assessment a, Writer out) throws IOException {
    for (Section s : a.sections()) {
      out.write("---\n");
      out.write(YAML.writeValueAsString(report(a, s)));
    }
  }

  static ObjectNode report(Assessment a, Section s) {
    ObjectNode o = YAML.createObjectNode();
    o.put("apiVersion", "openreports.io/v1alpha1").put("kind", "Report");
    ObjectNode meta = o.putObject("metadata");
    String namespace = s.properties().getOrDefault("namespace", "");
    meta.put("name", name(s));
    if (!namespace.isEmpty()) {
      meta.put("namespace", namespace);
    }
    meta.putObject("labels").put("app.kubernetes.io/managed-by", "ai-audit");
    ObjectNode annotations = meta.putObject("annotations").put("ai-audit.io/section", s.id());
    if (!s.state().isEmpty()) {
      annotations.put("ai-audit.io/state", s.state());
    }
    o.put("source", "ai-audit");
    String kind = s.properties().getOrDefault("kind", "");
    String workload = s.properties().getOrDefault("name", "");
    if (!kind.isEmpty() && !workload.isEmpty()) {
      ObjectNode scope = o.putObject("scope").put("apiVersion", apiVersion(kind)).put("kind", kind).put("name", workload);
      if (!namespace.isEmpty()) {
        scope.put("namespace", namespace);
      }
    }
    Map<Finding.Status, Integer> counts = new EnumMap<>(Finding.Status.class);
    ArrayNode results = o.putArray("results");
    for (Finding f : s.findings()) {
      String res = result(f.status());
      counts.merge(f.status(), 1, Integer::sum);
      ObjectNode x = results.addObject();
      x.put("source", "ai-audit").put("policy", f.id()).put("rule", f.properties().getOrDefault("rule", f.id()))
          .put("category", f.category()).put("severity", f.severity().id()).put("result", res)
          .put("scored", !res.equals("warn"));
      x.put("message", f.title() + (f.reasons().isEmpty() ? f.observed().isEmpty() ? "" : ": " + f.observed()
          : ": " + String.join("; ", f.reasons())));
      x.putObject("timestamp").put("seconds", a.startedAt().getEpochSecond()).put("nanos", a.startedAt().getNano());
      ObjectNode props = x.putObject("properties");
      props.put("controls", String.join(",", f.controls())).put("state", f.state());
      f.properties().forEach(props::put);
      if (!f.evidence().isEmpty()) {
        props.put("evidence", f.evidence().stream().map(e -> e.seq() + ":" + e.hash()).collect(Collectors.joining(",")));
      }
    }
    ObjectNode summary = o.putObject("summary");
    for (String r : RESULTS) {
      summary.put(r, counts.entrySet().stream().filter(e -> result(e.getKey()).equals(r)).mapToInt(Map.Entry::getValue).sum());
    }
    return o;
  }

  static String result(Finding.Status s) {
    return switch (s) {
      case PASS -> "pass";
      case FAIL -> "fail";
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
  static String name(Section s) {
    String kind = s.properties().getOrDefault("kind", "");
    String workload = s.properties().getOrDefault("name", "");
    String base = (kind.isEmpty() ? "" : kind + "-") + (workload.isEmpty() ? s.id() : workload);
    String n = ("ai-audit-" + base).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
    if (n.length() > 63) {
      n = n.substring(0, 54) + "-" + Uuids.of(s.id()).substring(0, 8);
    }
    return n.replaceAll("-$", "");
  }
}
