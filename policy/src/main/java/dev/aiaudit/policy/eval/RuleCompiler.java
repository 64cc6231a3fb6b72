package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.JsonPaths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a condition object ({@code allOf}, {@code anyOf}, {@code not}, {@code field}/{@code value}/
 * {@code count} + one operator) into a {@link Condition}. Keys are matched case-insensitively as Azure
 * does ({@code anyof}, {@code allof} appear in Azure's own files). Every problem is collected: the
 * thrown {@link CompileError} is the first, the others are attached as suppressed exceptions.
 */
public final class RuleCompiler {
  private static final Set<String> OPERANDS = Set.of("field", "value", "count");
  private final CompileScope scope;
  private final List<CompileError> errors = new ArrayList<>();

  private RuleCompiler(CompileScope scope) {
    this.scope = scope;
  }

  /** Compiles {@code node} found at {@code jsonPath}, with bound parameter values; fields are not checked. */
  public static Condition compile(JsonNode node, String jsonPath, Map<String, JsonNode> parameters, Aliases aliases) {
    return compile(node, jsonPath, new CompileScope(parameters, aliases));
  }

  static Condition compile(JsonNode node, String jsonPath, CompileScope scope) {
    RuleCompiler rc = new RuleCompiler(scope);
    Condition c = rc.condition(node, jsonPath);
    rc.throwCollected();
    return c;
  }

  /** Compiles a single value (effect, detail) that may be an expression. */
  public static Expr compileValue(JsonNode node, String jsonPath, Map<String, JsonNode> parameters) {
    return ExpressionParser.compileValue(node, jsonPath, new CompileScope(parameters, Aliases.builtIn()));
  }

  /** Throws the first collected error with the rest suppressed; does nothing when there are none. */
  private void throwCollected() {
    if (errors.isEmpty()) {
      return;
    }
    CompileError first = errors.get(0);
    for (int i = 1; i < errors.size(); i++) {
      first.addSuppressed(errors.get(i));
    }
    throw first;
  }

  /** Every error carried by {@code e}: itself and its suppressed compile errors. */
  public static List<CompileError> all(CompileError e) {
    List<CompileError> out = new ArrayList<>();
    out.add(e);
    for (Throwable t : e.getSuppressed()) {
      if (t instanceof CompileError c) {
        out.add(c);
      }
    }
    return out;
  }

  /** The key of {@code node} spelled like {@code name} in any case, or {@code null}. */
  static String key(JsonNode node, String name) {
    if (node.has(name)) {
      return name;
    }
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (k.equalsIgnoreCase(name)) {
        return k;
      }
    }
    return null;
  }

  private Condition condition(JsonNode node, String path) {
    try {
      return conditionOrThrow(node, path);
    } catch (CompileError e) {
      errors.add(e);
      return new Condition.AllOf(List.of());
    }
  }

  private Condition conditionOrThrow(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new CompileError("POL003", path, "a condition must be an object, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    String all = key(node, "allOf");
    String any = key(node, "anyOf");
    if (all != null || any != null) {
      String k = all != null ? all : any;
      requireOnly(node, path, k);
      JsonNode arr = node.get(k);
      String p = JsonPaths.child(path, k);
      if (!arr.isArray() || arr.isEmpty()) {
        throw new CompileError("POL003", p, "'" + k + "' needs a non-empty array of conditions");
      }
      List<Condition> kids = new ArrayList<>();
      for (int i = 0; i < arr.size(); i++) {
        kids.add(condition(arr.get(i), JsonPaths.index(p, i)));
      }
      return all != null ? new Condition.AllOf(kids) : new Condition.AnyOf(kids);
    }
    String not = key(node, "not");
    if (not != null) {
      requireOnly(node, path, not);
      return new Condition.Not(condition(node.get(not), JsonPaths.child(path, not)));
    }
    String opKey = operatorKey(node, path);
    Operator op = Operator.byName(opKey);
    String opPath = JsonPaths.child(path, opKey);
    Expr expected = ExpressionParser.compileValue(node.get(opKey), opPath, scope);
    String f = key(node, "field");
    if (f != null) {
      return new Condition.FieldLeaf(field(node.get(f), JsonPaths.child(path, f)), op, expected);
    }
    String v = key(node, "value");
    if (v != null) {
      JsonNode raw = node.get(v);
      Expr value = ExpressionParser.compileValue(raw, JsonPaths.child(path, v), scope);
      return new Condition.ValueLeaf(value, raw.isTextual() ? raw.textValue() : raw.toString(), op, expected);
    }
    String c = key(node, "count");
    return count(node.get(c), JsonPaths.child(path, c), op, expected);
  }

  private Condition count(JsonNode c, String path, Operator op, Expr expected) {
    if (!c.isObject()) {
      throw new CompileError("POL003", path, "count must be an object with 'field' or 'value'");
    }
    Iterator<String> keys = c.fieldNames();
    while (keys.hasNext()) {
      String k = keys.next();
      if (!Set.of("field", "value", "name", "where").contains(k.toLowerCase(Locale.ROOT))) {
        throw new CompileError("POL003", JsonPaths.child(path, k), "unknown key '" + k + "' in count (expected field, value, name, where)");
      }
    }
    String wk = key(c, "where");
    JsonNode where = wk == null ? null : c.get(wk);
    String wherePath = wk == null ? path : JsonPaths.child(path, wk);
    String fk = key(c, "field");
    if (fk != null) {
      String fp = JsonPaths.child(path, fk);
      String text = fieldText(c.get(fk), fp);
      FieldRef array = field(c.get(fk), fp);
      String resolved = scope.aliases().resolve(text);
      if (!resolved.endsWith("[*]")) {
        throw new CompileError("POL003", fp, "count field must end with [*]: " + text);
      }
      Condition w = null;
      if (where != null) {
        scope.pushCount(resolved);
        try {
          w = condition(where, wherePath);
        } finally {
          scope.popCount();
        }
      }
      return new Condition.FieldCount(array, w, op, expected);
    }
    String vk = key(c, "value");
    if (vk != null) {
      Expr values = ExpressionParser.compileValue(c.get(vk), JsonPaths.child(path, vk), scope);
      String nk = key(c, "name");
      String name = nk == null ? "" : c.get(nk).asText("");
      Condition w = null;
      if (where != null) {
        scope.pushValueName(name);
        try {
          w = condition(where, wherePath);
        } finally {
          scope.popValueName();
        }
      }
      return new Condition.ValueCount(values, name, w, op, expected);
    }
    throw new CompileError("POL003", path, "count needs 'field' or 'value'");
  }

  /**
   * The text of a {@code field}: a string, or an expression that depends only on parameters (Azure
   * allows {@code "field": "[concat('tags[', parameters('tagName'), ']')]"}).
   */
  private String fieldText(JsonNode f, String path) {
    if (!f.isTextual() || f.textValue().isBlank()) {
      throw new CompileError("POL008", path, "field must be a non-empty string");
    }
    Expr e = ExpressionParser.compileValue(f, path, scope);
    if (!(e instanceof Expr.Literal(JsonNode v)) || !v.isTextual()) {
      throw new CompileError("POL008", path, "field expression '" + f.textValue()
          + "' must give a text from parameters and constants only");
    }
    return v.textValue();
  }

  private FieldRef field(JsonNode f, String path) {
    String text = fieldText(f, path);
    try {
      return FieldRef.compile(text, scope);
    } catch (FieldRef.UnknownAlias e) {
      throw new CompileError("POL013", path, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CompileError("POL008", path, "bad field '" + text + "': " + e.getMessage());
    }
  }

  private static String operatorKey(JsonNode node, String path) {
    List<String> operands = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    String found = null;
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (OPERANDS.contains(k.toLowerCase(Locale.ROOT))) {
        operands.add(k);
      } else if (Operator.byName(k) == null) {
        unknown.add(k);
      } else if (found != null) {
        throw new CompileError("POL003", JsonPaths.child(path, k), "more than one operator ('" + found + "', '" + k + "')");
      } else {
        found = k;
      }
    }
    if (!unknown.isEmpty()) {
      String k = unknown.get(0);
      throw new CompileError("POL003", JsonPaths.child(path, k), (operands.isEmpty() ? "unknown key '" : "unknown operator '") + k
          + "'" + (operands.isEmpty() ? " (expected allOf, anyOf, not, field, value or count)" : ""));
    }
    if (operands.size() != 1) {
      throw new CompileError("POL003", path, operands.isEmpty()
          ? "condition has none of allOf, anyOf, not, field, value, count"
          : "condition has several operands " + operands + "; it needs exactly one of field, value, count");
    }
    if (found == null) {
      throw new CompileError("POL003", path, "condition on '" + operands.get(0) + "' has no operator");
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
