package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the rule compiler knows while compiling one rule: bound parameters, aliases, enclosing counts. */
final class CompileScope {
  private final Map<String, JsonNode> parameters;
  private final Aliases aliases;
  private final List<String> countPrefixes = new ArrayList<>();
  private final List<String> valueNames = new ArrayList<>();
  private final Set<String> unknownAliases = new LinkedHashSet<>();
  private final FieldCheck fieldCheck;
  private final String definitionId;

  /**
   * How fields that name no known alias or inventory path are treated: {@code OFF} (unit tests,
   * evidence objects), {@code STRICT} (load error POL013), {@code LENIENT} (recorded; the field
   * evaluates to unknown: a rule restricted to Azure resource types, or {@code --unknown-aliases warn}).
   */
  enum FieldCheck { OFF, STRICT, LENIENT }

  CompileScope(Map<String, JsonNode> parameters, Aliases aliases) {
    this(parameters, aliases, FieldCheck.OFF, "");
  }

  CompileScope(Map<String, JsonNode> parameters, Aliases aliases, FieldCheck check, String definitionId) {
    this.parameters = parameters;
    this.aliases = aliases;
    this.fieldCheck = check;
    this.definitionId = definitionId;
  }

  FieldCheck fieldCheck() {
    return fieldCheck;
  }

  String definitionId() {
    return definitionId;
  }

  void noteUnknownAlias(String field) {
    unknownAliases.add(field);
  }

  /** Unknown aliases met while compiling in {@code LENIENT} mode. */
  Set<String> unknownAliases() {
    return unknownAliases;
  }

  Aliases aliases() {
    return aliases;
  }

  /** The parameter value, or {@code null} when the rule names an undeclared parameter. */
  JsonNode parameter(String name) {
    for (var e : parameters.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  List<String> countPrefixes() {
    return countPrefixes;
  }

  void pushCount(String resolvedPrefix) {
    countPrefixes.add(resolvedPrefix);
  }

  void popCount() {
    countPrefixes.remove(countPrefixes.size() - 1);
  }

  void pushValueName(String name) {
    valueNames.add(name);
  }

  void popValueName() {
    valueNames.remove(valueNames.size() - 1);
  }

  boolean hasValueName(String name) {
    return valueNames.stream().anyMatch(n -> n.equalsIgnoreCase(name));
  }
}
