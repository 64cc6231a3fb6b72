package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.ComplianceState;
import dev.aiaudit.policy.Effect;
import dev.aiaudit.policy.ParameterDefinition;
import dev.aiaudit.policy.PolicyDefinition;
import java.time.Duration;
import java.time.format.DateTimeParseException;
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
    if (!p.allowedValues().isEmpty() && p.allowedValues().stream().noneMatch(a -> Values.looseEquals(a, v))) {
      throw new CompileError("POL006", path,
          "parameter '" + p.name() + "' value " + v + " is not one of " + p.allowedValues());
    }
  }

  /** Compiles the rule of {@code def} with bound values. */
  public static CompiledPolicy compile(
      PolicyDefinition def, Map<String, JsonNode> bound, String initiativeId, String referenceId, List<String> controls) {
    JsonNode rule = def.policyRule();
    Aliases aliases = Aliases.builtIn();
    Condition cond = RuleCompiler.compile(rule.path("if"), RULE + ".if", bound, aliases);
    JsonNode then = rule.path("then");
    String effectPath = RULE + ".then.effect";
    JsonNode effectValue = RuleCompiler.compileValue(then.path("effect"), effectPath, bound).eval(null);
    Effect effect;
    try {
      effect = Effect.parse(effectValue.asText());
    } catch (IllegalArgumentException e) {
      throw new CompileError("POL010", effectPath, e.getMessage());
    }
    JsonNode details = then.path("details");
    String dp = RULE + ".then.details";
    EvidenceQuery query = null;
    ComplianceState manualDefault = ComplianceState.UNKNOWN;
    if (effect == Effect.AUDIT_IF_NOT_EXISTS) {
      query = query(details, dp, bound, aliases);
    } else if (effect == Effect.MANUAL && details.has("defaultState")) {
      String s = details.get("defaultState").asText();
      manualDefault = switch (s.toLowerCase(Locale.ROOT).replace("-", "")) {
        case "unknown" -> ComplianceState.UNKNOWN;
        case "noncompliant" -> ComplianceState.NON_COMPLIANT;
        default -> throw new CompileError("POL011", dp + ".defaultState",
            "a manual policy's defaultState must be unknown or nonCompliant, never '" + s + "'");
      };
    }
    return new CompiledPolicy(def, initiativeId, referenceId, controls, effect, cond, query, manualDefault, bound);
  }

  private static EvidenceQuery query(JsonNode details, String dp, Map<String, JsonNode> bound, Aliases aliases) {
    EvidenceQuery.Type type = EvidenceQuery.Type.byName(details.path("type").asText());
    if (type == null) {
      throw new CompileError("POL012", dp + ".type",
          "auditIfNotExists needs details.type, one of journal.events, journal.oldestRecord, journal.verification,"
              + " journal.retention, journal.weightReads, journal.weightAlerts (prefixed AiAudit/)");
    }
    if (!details.has("existenceCondition")) {
      throw new CompileError("POL012", dp, "auditIfNotExists needs details.existenceCondition");
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
