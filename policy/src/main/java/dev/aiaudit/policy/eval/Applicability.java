package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which items a policy can apply to. Azure's {@code type} field is the inventory item's kind; the
 * conditions on {@code type} that the {@code if} requires (members of its top-level {@code allOf},
 * nested {@code allOf}s included) are the policy's gates: an item failing one is {@code notApplicable}
 * rather than compliant. A gate naming only Azure resource types ({@code Microsoft.Storage/storageAccounts},
 * any text with a {@code /}) or a resource-provider mode ({@code Microsoft.Kubernetes.Data}) can match no
 * inventory item: such a policy is notApplicable to every item, says why, and its aliases of that Azure
 * type are accepted without an inventory path (they are never read).
 *
 * <p>Mode {@code Indexed} evaluates only resources that carry a location (Azure docs:
 * concepts/definition-structure-basics, "Resource Manager modes"): an item without a location
 * (region label {@code topology.kubernetes.io/region}) is notApplicable to an Indexed policy.
 *
 * @param gates the compiled gates, tested before the rule
 * @param never why no item can be in reach, or empty
 * @param indexed mode {@code Indexed}: items without a location are out of reach
 */
public record Applicability(List<Condition> gates, String never, boolean indexed) {
  private static final FieldPath LOCATION = FieldPath.parse(Aliases.LOCATION_PATH);

  private static final Set<String> POSITIVE = Set.of("equals", "in", "like", "match", "matchinsensitively");

  public Applicability {
    gates = List.copyOf(gates);
  }

  /** Why the item is out of reach, or {@code null} when the mode allows it and every gate holds. */
  String outOfReach(EvalContext ctx) {
    if (!never.isEmpty()) {
      return never;
    }
    if (indexed && Values.absent(LOCATION.resolveOne(ctx.root()))) {
      return "mode Indexed evaluates only resources with a location; the item has no topology.kubernetes.io/region label";
    }
    for (Condition g : gates) {
      if (!g.test(ctx)) {
        return "type gate not met: item kind '" + ctx.root().path("kind").asText("") + "'";
      }
    }
    return null;
  }

  /** Extracts the gates of {@code rule.if}; {@code rpMode} is a resource-provider mode or empty. */
  static Applicability of(JsonNode ifNode, String path, String rpMode, boolean indexed, Map<String, JsonNode> bound) {
    List<Condition> gates = new ArrayList<>();
    List<String> azureTypes = new ArrayList<>();
    collect(ifNode, path, bound, gates, azureTypes);
    String never = "";
    if (!rpMode.isEmpty()) {
      never = "mode " + rpMode + " governs an Azure resource-provider data plane; no ai-audit inventory item is in it";
    } else if (!azureTypes.isEmpty()) {
      never = "applies only to Azure resource type " + String.join(", ", azureTypes)
          + "; ai-audit inventory items are Kubernetes workloads and hosts";
    }
    return new Applicability(gates, never, indexed);
  }

  private static void collect(JsonNode node, String path, Map<String, JsonNode> bound, List<Condition> gates,
      List<String> azureTypes) {
    if (!node.isObject()) {
      return;
    }
    String all = RuleCompiler.key(node, "allOf");
    if (all != null && node.get(all).isArray()) {
      for (int i = 0; i < node.get(all).size(); i++) {
        collect(node.get(all).get(i), path + "." + all + "[" + i + "]", bound, gates, azureTypes);
      }
      return;
    }
    List<String> values = typeValues(node, path, bound);
    if (values == null) {
      return;
    }
    try {
      gates.add(RuleCompiler.compile(node, path, bound, Aliases.builtIn()));
    } catch (RuntimeException e) {
      return; // a gate that does not compile on its own is judged with the whole rule
    }
    if (!values.isEmpty() && values.stream().allMatch(v -> v.contains("/"))) {
      azureTypes.addAll(values);
    }
  }

  /**
   * The type values a condition requires: a positive condition on {@code type}, or an {@code anyOf} of
   * such conditions (Azure writes {@code anyOf: [type = VMs, type = scale sets]}); {@code null} when the
   * condition is not of that shape or its values depend on the item.
   */
  private static List<String> typeValues(JsonNode node, String path, Map<String, JsonNode> bound) {
    if (!node.isObject()) {
      return null;
    }
    String any = RuleCompiler.key(node, "anyOf");
    if (any != null && node.size() == 1 && node.get(any).isArray() && !node.get(any).isEmpty()) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < node.get(any).size(); i++) {
        List<String> v = typeValues(node.get(any).get(i), path + "." + any + "[" + i + "]", bound);
        if (v == null) {
          return null;
        }
        out.addAll(v);
      }
      return out;
    }
    String f = RuleCompiler.key(node, "field");
    if (f == null || !node.get(f).isTextual() || !node.get(f).textValue().trim().equalsIgnoreCase("type")
        || node.size() != 2) {
      return null;
    }
    String op = null;
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (POSITIVE.contains(k.toLowerCase(Locale.ROOT))) {
        op = k;
      }
    }
    if (op == null) {
      return null;
    }
    try {
      Expr e = ExpressionParser.compileValue(node.get(op), path, new CompileScope(bound, Aliases.builtIn()));
      if (!(e instanceof Expr.Literal(JsonNode want))) {
        return null;
      }
      List<String> out = new ArrayList<>();
      for (JsonNode v : want.isArray() ? want : List.of(want)) {
        out.add(v.isTextual() ? v.textValue() : v.toString());
      }
      return out;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
