package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.ComplianceState;
import dev.aiaudit.policy.Effect;
import dev.aiaudit.policy.ParameterDefinition;
import dev.aiaudit.policy.PolicyDefinition;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binds parameter values to a definition and compiles its rule. Errors are {@link CompileError}s
 * whose path is relative to the definition file ({@code $.properties.policyRule...}), except
 * parameter-binding errors, whose path is {@code parameters.<name>} for the caller to place.
 */
public final class PolicyCompiler {
  private static final String RULE = "$.properties.policyRule";

  private PolicyCompiler() {}

  /** Checks and completes parameter values: passed value, else default, else POL004. */
  public static Map<String, JsonNode> bind(PolicyDefinition def, Map<String, JsonNode> provided) {
    return bind(def, provided, false);
  }

  /** As {@link #bind(PolicyDefinition, Map)}; {@code placeholders}: a missing value becomes {@link #placeholder}. */
  public static Map<String, JsonNode> bind(PolicyDefinition def, Map<String, JsonNode> provided, boolean placeholders) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String name : provided.keySet()) {
      if (def.parameters().keySet().stream().noneMatch(k -> k.equalsIgnoreCase(name))) {
        throw new CompileError("POL004", "parameters." + name,
            "definition " + def.id() + " has no parameter '" + name + "'");
      }
    }
    for (ParameterDefinition p : def.parameters().values()) {
      JsonNode v = provided.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(p.name()))
          .map(Map.Entry::getValue).findFirst().orElse(p.defaultValue());
      if (v == null && placeholders) {
        v = placeholder(p);
      }
      if (v == null) {
        throw new CompileError("POL004", "parameters." + p.name(),
            "parameter '" + p.name() + "' of " + def.id() + " has no value and no default");
      }
      check(p, v, "parameters." + p.name());
      out.put(p.name(), v);
    }
    return out;
  }

  /** Validates one value against a parameter's type and allowed values. */
  public static void check(ParameterDefinition p, JsonNode v, String path) {
    String t = p.type().toLowerCase(Locale.ROOT);
    boolean ok = switch (t) {
      case "string" -> v.isTextual();
      case "array" -> v.isArray();
      case "object" -> v.isObject();
      case "boolean" -> v.isBoolean();
      case "integer" -> v.isIntegralNumber();
      case "float" -> v.isNumber();
      case "datetime" -> v.isTextual() && Values.tryInstant(v.textValue()) != null;
      default -> true;
    };
    if (!ok) {
      throw new CompileError("POL006", path, "parameter '" + p.name() + "' must be of type " + p.type() + ", got " + v);
    }
    if (p.allowedValues().isEmpty() || p.allowedValues().stream().anyMatch(a -> Values.looseEquals(a, v))) {
      return;
    }
    if (t.equals("array")) {
      // Azure (concepts/definition-structure-parameters): for an array parameter, allowedValues lists the
      // values each element may take
      for (JsonNode e : v) {
        if (p.allowedValues().stream().noneMatch(a -> Values.looseEquals(a, e))) {
          throw new CompileError("POL006", path,
              "parameter '" + p.name() + "' element " + e + " is not one of " + p.allowedValues());
        }
      }
      return;
    }
    throw new CompileError("POL006", path,
        "parameter '" + p.name() + "' value " + v + " is not one of " + p.allowedValues());
  }

  /**
   * A stand-in value for a parameter without default, so that the rule can be compiled at load:
   * the first allowed value, else an empty value of the parameter's type (a non-empty text for strings).
   */
  public static JsonNode placeholder(ParameterDefinition p) {
    if (!p.allowedValues().isEmpty()) {
      JsonNode first = p.allowedValues().get(0);
      return p.type().equalsIgnoreCase("array") && !first.isArray()
          ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(first) : first;
    }
    var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    return switch (p.type().toLowerCase(Locale.ROOT)) {
      case "array" -> f.arrayNode();
      case "object" -> f.objectNode();
      case "boolean" -> f.booleanNode(false);
      case "integer" -> f.numberNode(0);
      case "float" -> f.numberNode(0.0);
      case "datetime" -> f.textNode("1970-01-01T00:00:00Z");
      default -> f.textNode("placeholder"); // non-empty: a field expression such as tags[<name>] stays well formed
    };
  }

  /** Compiles the rule of {@code def} with bound values; unknown aliases are load errors (POL013). */
  public static CompiledPolicy compile(
      PolicyDefinition def, Map<String, JsonNode> bound, String initiativeId, String referenceId, List<String> controls) {
    return compile(def, bound, initiativeId, referenceId, controls, false);
  }

  /**
   * Compiles the rule of {@code def} with bound values. Every problem of the rule is reported: the
   * thrown {@link CompileError} carries the others as suppressed ({@link RuleCompiler#all}).
   *
   * @param lenientAliases true: a field naming an unknown alias loads and evaluates to unknown
   */
  public static CompiledPolicy compile(PolicyDefinition def, Map<String, JsonNode> bound, String initiativeId,
      String referenceId, List<String> controls, boolean lenientAliases) {
    JsonNode rule = def.policyRule();
    Aliases aliases = Aliases.builtIn();
    List<CompileError> errors = new ArrayList<>();
    Applicability reach = Applicability.of(rule.path("if"), RULE + ".if",
        def.resourceProviderMode() ? def.mode() : "", def.mode().equalsIgnoreCase("indexed"), bound);
    CompileScope.FieldCheck check = !reach.never().isEmpty() || lenientAliases
        ? CompileScope.FieldCheck.LENIENT : CompileScope.FieldCheck.STRICT;
    CompileScope scope = new CompileScope(bound, aliases, check, def.id());
    Condition cond = collect(errors, () -> RuleCompiler.compile(rule.path("if"), RULE + ".if", scope));
    JsonNode then = rule.path("then");
    String effectPath = RULE + ".then.effect";
    Effect effect = collect(errors, () -> {
      JsonNode effectValue = RuleCompiler.compileValue(then.path("effect"), effectPath, bound).eval(null);
      try {
        return Effect.parse(effectValue.asText());
      } catch (IllegalArgumentException e) {
        throw new CompileError("POL010", effectPath, e.getMessage());
      }
    });
    JsonNode details = then.path("details");
    String dp = RULE + ".then.details";
    EvidenceQuery query = null;
    String related = "";
    ComplianceState manualDefault = ComplianceState.UNKNOWN;
    if (effect == Effect.AUDIT_IF_NOT_EXISTS || effect == Effect.DEPLOY_IF_NOT_EXISTS) {
      String type = details.path("type").asText("");
      if (type.regionMatches(true, 0, Aliases.PREFIX, 0, Aliases.PREFIX.length())
          || (effect == Effect.AUDIT_IF_NOT_EXISTS && type.isEmpty())) {
        query = collect(errors, () -> query(details, dp, bound, aliases, effect));
      } else {
        related = type;
        if (details.has("existenceCondition")) {
          // the related Azure resource is never available; the condition is still checked for syntax
          collect(errors, () -> RuleCompiler.compile(details.get("existenceCondition"), dp + ".existenceCondition", bound, aliases));
        }
      }
    } else if (effect == Effect.MANUAL && details.has("defaultState")) {
      String s = details.get("defaultState").asText();
      manualDefault = collect(errors, () -> switch (s.toLowerCase(Locale.ROOT).replace("-", "")) {
        case "unknown" -> ComplianceState.UNKNOWN;
        case "noncompliant" -> ComplianceState.NON_COMPLIANT;
        default -> throw new CompileError("POL011", dp + ".defaultState",
            "a manual policy's defaultState must be unknown or nonCompliant, never '" + s + "'");
      });
    }
    if (!errors.isEmpty()) {
      CompileError head = errors.get(0);
      CompileError first = new CompileError(head.code(), head.jsonPath(), head.getMessage());
      errors.subList(1, errors.size()).forEach(first::addSuppressed);
      throw first;
    }
    return new CompiledPolicy(def, initiativeId, referenceId, controls, effect, cond, query, manualDefault, bound,
        reach, related, scope.unknownAliases());
  }

  private static <T> T collect(List<CompileError> errors, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (CompileError e) {
      errors.addAll(RuleCompiler.all(e));
      return null;
    }
  }

  private static EvidenceQuery query(JsonNode details, String dp, Map<String, JsonNode> bound, Aliases aliases, Effect effect) {
    String typeText = details.path("type").asText("");
    EvidenceQuery.Type type = EvidenceQuery.Type.byName(typeText);
    if (type == null) {
      throw new CompileError("POL012", dp + ".type", typeText.isEmpty()
          ? effect.wireName() + " needs details.type: an AiAudit/journal.* evidence type or an Azure resource type"
          : "details.type '" + typeText + "' is not an evidence type; expected one of journal.events, journal.oldestRecord,"
              + " journal.verification, journal.retention, journal.weightReads, journal.weightAlerts (prefixed AiAudit/)");
    }
    if (!details.has("existenceCondition")) {
      throw new CompileError("POL012", dp, effect.wireName() + " with details.type " + typeText + " needs details.existenceCondition");
    }
    Condition existence = RuleCompiler.compile(details.get("existenceCondition"), dp + ".existenceCondition", bound, aliases);
    String kind = details.has("kind") ? RuleCompiler.compileValue(details.get("kind"), dp + ".kind", bound).eval(null).asText() : "";
    Duration window = Duration.ofDays(1);
    if (details.has("window")) {
      String w = RuleCompiler.compileValue(details.get("window"), dp + ".window", bound).eval(null).asText();
      try {
        window = Duration.parse(w);
      } catch (DateTimeParseException e) {
        throw new CompileError("POL012", dp + ".window", "window must be an ISO-8601 duration (P1D, PT24H), got '" + w + "'");
      }
    }
    Set<String> approved = new HashSet<>();
    if (details.has("approvedPrincipals")) {
      JsonNode a = RuleCompiler.compileValue(details.get("approvedPrincipals"), dp + ".approvedPrincipals", bound).eval(null);
      a.forEach(x -> approved.add(x.asText()));
    }
    return new EvidenceQuery(type, kind, window, approved, existence);
  }

}
