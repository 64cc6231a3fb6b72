package dev.aiaudit.policy;

import dev.aiaudit.model.AlertSeverity;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns content files into definition and initiative records. Reads the shapes Azure exports and
 * publishes (Azure docs: concepts/definition-structure-basics, concepts/initiative-definition-structure):
 * the ARM envelope ({@code id}, {@code name}, {@code type}, {@code properties}), our own
 * {@code name} + {@code properties}, and a bare properties object (the id is then the file name).
 */
final class DefinitionParser {
  private static final Pattern RP_MODE = Pattern.compile("^Microsoft\\.[A-Za-z]+(\\.v[0-9]+)?\\.Data$");

  private DefinitionParser() {}

  static boolean isInitiative(JsonNode root) {
    return root.path("properties").has("policyDefinitions") || root.has("policyDefinitions");
  }

  /** A bare properties object ({@code policyRule} or {@code policyDefinitions} at the top). */
  static boolean isBare(JsonNode root) {
    return root.isObject() && !root.has("properties") && (root.has("policyRule") || root.has("policyDefinitions"));
  }

  private static final List<String> PROPERTY_KEYS = List.of("displayName", "description", "mode", "version", "versions",
      "metadata", "parameters", "policyRule", "policyType", "policyDefinitions", "policyDefinitionGroups");
  private static final List<String> RULE_KEYS = List.of("if", "then");
  private static final List<String> THEN_KEYS = List.of("effect", "details");
  private static final List<String> PARAMETER_KEYS = List.of("type", "metadata", "defaultValue", "allowedValues", "schema");
  private static final List<String> MEMBER_KEYS = List.of("policyDefinitionId", "policyDefinitionReferenceId",
      "definitionVersion", "parameters", "groupNames");

  /**
   * The file in envelope shape: a bare properties object is wrapped, its id taken from the file name;
   * keys Azure reads case-insensitively ({@code DisplayName}, {@code PolicyRule}, {@code Version},
   * {@code DefaultValue}...) are given their documented spelling, unless that spelling is also present.
   */
  static ContentFile normalise(ContentFile f) {
    ContentFile out = isBare(f.root()) ? f.wrappedAsProperties(baseName(f.name())) : f;
    JsonNode p = out.root().path("properties");
    canonical(p, PROPERTY_KEYS);
    canonical(p.path("policyRule"), RULE_KEYS);
    canonical(p.path("policyRule").path("then"), THEN_KEYS);
    p.path("parameters").forEach(par -> canonical(par, PARAMETER_KEYS));
    p.path("policyDefinitions").forEach(m -> canonical(m, MEMBER_KEYS));
    return out;
  }

  private static void canonical(JsonNode node, List<String> keys) {
    if (!(node instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
      return;
    }
    for (String k : keys) {
      if (o.has(k)) {
        continue;
      }
      String found = null;
      for (var it = o.fieldNames(); it.hasNext(); ) {
        String n = it.next();
        if (n.equalsIgnoreCase(k)) {
          found = n;
        }
      }
      if (found != null) {
        o.set(k, o.remove(found));
      }
    }
  }

  /** {@code name}, else the last segment of {@code id}, else the file's base name. */
  static String id(ContentFile f) {
    JsonNode root = f.root();
    if (root.path("name").isTextual() && !root.path("name").textValue().isBlank()) {
      return root.path("name").textValue();
    }
    if (root.path("id").isTextual() && !root.path("id").textValue().isBlank()) {
      return lastSegment(root.path("id").textValue());
    }
    return baseName(f.name());
  }

  private static String baseName(String file) {
    String n = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  /**
   * Checks {@code mode} (Azure: {@code All}/{@code Indexed} in any case, resource-provider modes
   * {@code Microsoft.<Provider>.Data}) and returns a problem, or {@code null}.
   */
  static String modeProblem(String mode) {
    if (mode.isEmpty() || mode.equalsIgnoreCase("all") || mode.equalsIgnoreCase("indexed")
        || mode.equals("AiDeployment") || isResourceProviderMode(mode)) {
      return null;
    }
    return "unknown mode '" + mode + "' (expected All, Indexed, AiDeployment or a resource-provider mode"
        + " Microsoft.<Provider>.Data)";
  }

  static boolean isResourceProviderMode(String mode) {
    return RP_MODE.matcher(mode).matches();
  }

  static PolicyDefinition definition(ContentFile f) {
    JsonNode root = f.root();
    JsonNode p = root.path("properties");
    JsonNode meta = p.path("metadata");
    String version = p.path("version").asText(meta.path("version").asText("1.0.0"));
    return new PolicyDefinition(id(f), p.path("displayName").asText(""),
        p.path("description").asText(""), version, meta.path("category").asText(""),
        meta.path("source").asText(""), AlertSeverity.parse(meta.path("severity").asText("medium")),
        parameters(p.path("parameters")), p.path("policyRule"), f.name(), p.path("mode").asText(""),
        p.path("policyType").asText(""), texts(p.path("versions")));
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
    JsonNode meta = p.path("metadata");
    return new PolicySetDefinition(id(f), p.path("displayName").asText(""),
        p.path("description").asText(""), p.path("version").asText(meta.path("version").asText("1.0.0")),
        meta.path("category").asText(""), parameters(p.path("parameters")), groups, refs, f.name(),
        p.path("policyType").asText(""), texts(p.path("versions")));
  }

  /** {@code /providers/AiAudit/policyDefinitions/x} and {@code x} both name {@code x}. */
  static String lastSegment(String id) {
    int slash = id.lastIndexOf('/');
    return slash < 0 ? id : id.substring(slash + 1);
  }

  private static List<String> texts(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static Map<String, ParameterDefinition> parameters(JsonNode params) {
    Map<String, ParameterDefinition> out = new LinkedHashMap<>();
    params.properties().forEach(e -> {
      JsonNode d = e.getValue();
      List<JsonNode> allowed = new ArrayList<>();
      d.path("allowedValues").forEach(allowed::add);
      JsonNode meta = d.path("metadata");
      String desc = meta.path("description").asText(meta.path("displayName").asText(""));
      out.put(e.getKey(), new ParameterDefinition(e.getKey(), d.path("type").asText("string").toLowerCase(Locale.ROOT),
          d.get("defaultValue"), allowed, desc));
    });
    return out;
  }
}
