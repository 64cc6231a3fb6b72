package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.JsonPaths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compiles a condition object ({@code allOf}, {@code anyOf}, {@code not}, {@code field}/{@code value}/
 * {@code count} + one operator) into a {@link Condition}. Throws {@link CompileError} naming the JSON
 * path of the first problem.
 */
public final class RuleCompiler {
  private final CompileScope scope;

  private RuleCompiler(CompileScope scope) {
    this.scope = scope;
  }

  /** Compiles {@code node} found at {@code jsonPath}, with bound parameter values. */
  public static Condition compile(JsonNode node, String jsonPath, Map<String, JsonNode> parameters, Aliases aliases) {
    return new RuleCompiler(new CompileScope(parameters, aliases)).condition(node, jsonPath);
  }

  /** Compiles a single value (effect, detail) that may be an expression. */
  public static Expr compileValue(JsonNode node, String jsonPath, Map<String, JsonNode> parameters) {
    return ExpressionParser.compileValue(node, jsonPath, new CompileScope(parameters, Aliases.builtIn()));
  }

  private Condition condition(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new CompileError("POL003", path, "a condition must be an object");
    }
    if (node.has("allOf") || node.has("anyOf")) {
      String key = node.has("allOf") ? "allOf" : "anyOf";
      requireOnly(node, path, key);
      JsonNode arr = node.get(key);
      String p = JsonPaths.child(path, key);
      if (!arr.isArray() || arr.isEmpty()) {
        throw new CompileError("POL003", p, key + " needs a non-empty array of conditions");
      }
      List<Condition> kids = new ArrayList<>();
      for (int i = 0; i < arr.size(); i++) {
        kids.add(condition(arr.get(i), JsonPaths.index(p, i)));
      }
      return key.equals("allOf") ? new Condition.AllOf(kids) : new Condition.AnyOf(kids);
    }
    if (node.has("not")) {
      requireOnly(node, path, "not");
      return new Condition.Not(condition(node.get("not"), JsonPaths.child(path, "not")));
    }
    String opKey = operatorKey(node, path);
    Operator op = Operator.byName(opKey);
    String opPath = JsonPaths.child(path, opKey);
    Expr expected = ExpressionParser.compileValue(node.get(opKey), opPath, scope);
    if (node.has("field")) {
      return new Condition.FieldLeaf(field(node.get("field"), JsonPaths.child(path, "field")), op, expected);
    }
    if (node.has("value")) {
      JsonNode v = node.get("value");
      Expr value = ExpressionParser.compileValue(v, JsonPaths.child(path, "value"), scope);
      return new Condition.ValueLeaf(value, v.isTextual() ? v.textValue() : v.toString(), op, expected);
    }
    return count(node.get("count"), JsonPaths.child(path, "count"), op, expected);
  }

  private Condition count(JsonNode c, String path, Operator op, Expr expected) {
    if (!c.isObject()) {
      throw new CompileError("POL003", path, "count must be an object with 'field' or 'value'");
    }
    JsonNode where = c.get("where");
    if (c.has("field")) {
      FieldRef array = field(c.get("field"), JsonPaths.child(path, "field"));
      String resolved = scope.aliases().resolve(c.get("field").asText());
      if (!resolved.endsWith("[*]")) {
        throw new CompileError("POL003", JsonPaths.child(path, "field"), "count field must end with [*]: " + resolved);
      }
      Condition w = null;
      if (where != null) {
        scope.pushCount(resolved);
        try {
          w = condition(where, JsonPaths.child(path, "where"));
        } finally {
          scope.popCount();
        }
      }
      return new Condition.FieldCount(array, w, op, expected);
    }
    if (c.has("value")) {
      Expr values = ExpressionParser.compileValue(c.get("value"), JsonPaths.child(path, "value"), scope);
      String name = c.path("name").asText("");
      Condition w = null;
      if (where != null) {
        scope.pushValueName(name);
        try {
          w = condition(where, JsonPaths.child(path, "where"));
        } finally {
          scope.popValueName();
        }
      }
      return new Condition.ValueCount(values, name, w, op, expected);
    }
    throw new CompileError("POL003", path, "count needs 'field' or 'value'");
  }

  private FieldRef field(JsonNode f, String path) {
    if (!f.isTextual() || f.textValue().isBlank()) {
      throw new CompileError("POL008", path, "field must be a non-empty string");
    }
    try {
      return FieldRef.compile(f.textValue(), scope);
    } catch (IllegalArgumentException e) {
      throw new CompileError("POL008", path, "bad field '" + f.textValue() + "': " + e.getMessage());
    }
  }

  private static String operatorKey(JsonNode node, String path) {
    int operands = (node.has("field") ? 1 : 0) + (node.has("value") ? 1 : 0) + (node.has("count") ? 1 : 0);
    if (operands != 1) {
      throw new CompileError("POL003", path,
          "a condition needs exactly one of allOf, anyOf, not, field, value, count");
    }
    String found = null;
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (k.equals("field") || k.equals("value") || k.equals("count")) {
        continue;
      }
      if (Operator.byName(k) == null) {
        throw new CompileError("POL003", JsonPaths.child(path, k), "unknown operator '" + k + "'");
      }
      if (found != null) {
        throw new CompileError("POL003", JsonPaths.child(path, k), "more than one operator ('" + found + "', '" + k + "')");
      }
      found = k;
    }
    if (found == null) {
      throw new CompileError("POL003", path, "condition has no operator");
    }
    return found;
  }

  private static void requireOnly(JsonNode node, String path, String key) {
    if (node.size() != 1) {
      Iterator<String> it = node.fieldNames();
      while (it.hasNext()) {
        String k = it.next();
        if (!k.equals(key)) {
          throw new CompileError("POL003", JsonPaths.child(path, k), "'" + key + "' cannot be combined with '" + k + "'");
        }
      }
    }
  }
}
