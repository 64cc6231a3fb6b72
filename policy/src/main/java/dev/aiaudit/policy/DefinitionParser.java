package dev.aiaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns schema-valid content files into definition and initiative records. */
final class DefinitionParser {
  private DefinitionParser() {}

  static boolean isInitiative(JsonNode root) {
    return root.path("properties").has("policyDefinitions");
  }

  static PolicyDefinition definition(ContentFile f) {
    JsonNode root = f.root();
    JsonNode p = root.path("properties");
    JsonNode meta = p.path("metadata");
    return new PolicyDefinition(root.path("name").asText(), p.path("displayName").asText(""),
        p.path("description").asText(""), p.path("version").asText("1.0.0"), meta.path("category").asText(""),
        meta.path("source").asText(""), Severity.parse(meta.path("severity").asText("medium")),
        parameters(p.path("parameters")), p.path("policyRule"), f.name());
  }

  static PolicySetDefinition initiative(ContentFile f) {
    JsonNode root = f.root();
    JsonNode p = root.path("properties");
    List<PolicyGroup> groups = new ArrayList<>();
    for (JsonNode g : p.path("policyDefinitionGroups")) {
      groups.add(new PolicyGroup(g.path("name").asText(), g.path("category").asText(""),
          g.path("displayName").asText(""), g.path("description").asText("")));
    }
    List<PolicyReference> refs = new ArrayList<>();
    for (JsonNode r : p.path("policyDefinitions")) {
      String defId = lastSegment(r.path("policyDefinitionId").asText());
      Map<String, JsonNode> params = new LinkedHashMap<>();
      r.path("parameters").properties().forEach(e -> params.put(e.getKey(), e.getValue().path("value")));
      List<String> names = new ArrayList<>();
      r.path("groupNames").forEach(n -> names.add(n.asText()));
      refs.add(new PolicyReference(defId, r.path("policyDefinitionReferenceId").asText(defId), params, names));
    }
    return new PolicySetDefinition(root.path("name").asText(), p.path("displayName").asText(""),
        p.path("description").asText(""), p.path("version").asText("1.0.0"),
        p.path("metadata").path("category").asText(""), parameters(p.path("parameters")), groups, refs, f.name());
  }

  /** {@code /providers/AiAudit/policyDefinitions/x} and {@code x} both name {@code x}. */
  static String lastSegment(String id) {
    int slash = id.lastIndexOf('/');
    return slash < 0 ? id : id.substring(slash + 1);
  }

  private static Map<String, ParameterDefinition> parameters(JsonNode params) {
    Map<String, ParameterDefinition> out = new LinkedHashMap<>();
    params.properties().forEach(e -> {
      JsonNode d = e.getValue();
      List<JsonNode> allowed = new ArrayList<>();
      d.path("allowedValues").forEach(allowed::add);
      JsonNode meta = d.path("metadata");
      String desc = meta.path("description").asText(meta.path("displayName").asText(""));
      out.put(e.getKey(), new ParameterDefinition(e.getKey(), d.path("type").asText("string"), d.get("defaultValue"),
          allowed, desc));
    });
    return out;
  }
}
