package dev.aiaudit.policy.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.policy.DeploymentResult;
import dev.aiaudit.policy.EvaluationReport;
import dev.aiaudit.policy.PolicySetDefinition;
import java.io.IOException;
import java.io.Writer;

/** The native result document ({@code schemaVersion} 1): summary, per-deployment results, warnings. */
final class JsonReport {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static ObjectNode tree(EvaluationReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", 1);
    root.put("evaluatedAt", r.evaluatedAt().toString());
    ArrayNode inits = root.putArray("initiatives");
    for (PolicySetDefinition s : r.initiatives()) {
      ObjectNode i = inits.addObject().put("id", s.id()).put("displayName", s.displayName()).put("version", s.version())
          .put("policies", s.policies().size());
      ArrayNode controls = i.putArray("controls");
      ControlRollup.of(r, s).forEach((g, counts) -> {
        ObjectNode c = controls.addObject().put("id", g.name()).put("category", g.category()).put("displayName", g.displayName());
        c.set("deployments", counts(counts));
      });
    }
    ObjectNode summary = root.putObject("summary");
    summary.set("deployments", counts(r.deploymentCounts()));
    summary.set("results", counts(r.resultCounts()));
    ArrayNode deps = root.putArray("deployments");
    for (DeploymentResult d : r.deployments()) {
      deps.add(MAPPER.valueToTree(d));
    }
    root.set("warnings", MAPPER.valueToTree(r.warnings()));
    return root;
  }

  static ObjectNode counts(java.util.Map<dev.aiaudit.policy.ComplianceState, Integer> m) {
    ObjectNode o = MAPPER.createObjectNode();
    m.forEach((k, v) -> o.put(k.wireName(), v));
    return o;
  }

  static void write(EvaluationReport r, Writer out) throws IOException {
    MAPPER.writeValue(new NonClosing(out), tree(r));
    out.write('\n');
  }

  /** Jackson closes the target writer after a value; the caller owns it. */
  static final class NonClosing extends java.io.FilterWriter {
    NonClosing(Writer w) {
      super(w);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
