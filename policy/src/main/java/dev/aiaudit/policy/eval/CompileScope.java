package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the rule compiler knows while compiling one rule: bound parameters, aliases, enclosing counts. */
final class CompileScope {
  private final Map<String, JsonNode> parameters;
  private final Aliases aliases;
  private final List<String> countPrefixes = new ArrayList<>();
  private final List<String> valueNames = new ArrayList<>();

  CompileScope(Map<String, JsonNode> parameters, Aliases aliases) {
    this.parameters = parameters;
    this.aliases = aliases;
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
