package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.policy.JsonPaths;
import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the template-expression subset used in policy values: a JSON string that starts with
 * {@code [} and ends with {@code ]} is an expression ({@code [[} escapes a literal {@code [}).
 * Grammar: {@code call := name '(' (arg (',' arg)*)? ')'}; {@code arg := primary ('.' name | '[' arg ']')*};
 * {@code primary := call | 'text' | number | true | false | null} (Azure docs:
 * concepts/definition-structure-policy-rule "Policy functions", e.g. {@code requestContext().apiVersion},
 * {@code split(field('name'), '/')[0]}). Functions are in {@link Functions}; {@code parameters('p')} is bound at
 * compile time.
 */
final class ExpressionParser {
  private final String src;
  private final String jsonPath;
  private final CompileScope scope;
  private int pos;
  private int depth;
  /** Deepest nesting of calls and accesses accepted (hostile input must not exhaust the stack). */
  static final int MAX_DEPTH = 64;

  private ExpressionParser(String src, String jsonPath, CompileScope scope) {
    this.src = src;
    this.jsonPath = jsonPath;
    this.scope = scope;
  }

  /**
   * Compiles any JSON value: expression strings become calls; arrays and objects whose members hold
   * expressions are evaluated member by member (Azure evaluates expressions inside array literals);
   * everything else is a literal.
   */
  static Expr compileValue(JsonNode value, String jsonPath, CompileScope scope) {
    if (value.isTextual()) {
      String t = value.textValue();
      if (t.startsWith("[[")) {
        return Expr.literal(TextNode.valueOf(t.substring(1)));
      }
      if (t.length() >= 2 && t.startsWith("[") && t.endsWith("]")) {
        ExpressionParser p = new ExpressionParser(t.substring(1, t.length() - 1), jsonPath, scope);
        Expr e = p.parseArg();
        p.skipWs();
        if (p.pos != p.src.length()) {
          throw p.error("unexpected '" + p.src.substring(p.pos) + "'");
        }
        return e;
      }
    }
    if (value.isArray() && hasExpression(value)) {
      List<Expr> items = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        items.add(compileValue(value.get(i), JsonPaths.index(jsonPath, i), scope));
      }
      if (items.stream().allMatch(x -> x instanceof Expr.Literal)) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        items.forEach(x -> out.add(x.eval(null)));
        return Expr.literal(out);
      }
      return ctx -> {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        items.forEach(x -> out.add(x.eval(ctx)));
        return out;
      };
    }
    if (value.isObject() && hasExpression(value)) {
      Map<String, Expr> members = new LinkedHashMap<>();
      value.properties().forEach(e -> members.put(e.getKey(), compileValue(e.getValue(), JsonPaths.child(jsonPath, e.getKey()), scope)));
      return ctx -> {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        members.forEach((k, x) -> out.set(k, x.eval(ctx)));
        return out;
      };
    }
    return Expr.literal(value);
  }

  private static boolean hasExpression(JsonNode v) {
    if (v.isTextual()) {
      String t = v.textValue();
      return t.startsWith("[") && t.endsWith("]") && t.length() >= 2;
    }
    for (JsonNode c : v) {
      if (hasExpression(c)) {
        return true;
      }
    }
    return false;
  }

  /** A primary followed by any number of {@code .name} and {@code [index]} accesses. */
  private Expr parseArg() {
    if (++depth > MAX_DEPTH) {
      throw error("nested more than " + MAX_DEPTH + " levels deep");
    }
    try {
      return parsePostfix();
    } finally {
      depth--;
    }
  }

  private Expr parsePostfix() {
    Expr e = parsePrimary();
    while (true) {
      skipWs();
      if (pos < src.length() && src.charAt(pos) == '.') {
        pos++;
        skipWs();
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_' || src.charAt(pos) == '$')) {
          pos++;
        }
        if (start == pos) {
          throw error("expected a property name after '.'");
        }
        e = Access.property(e, src.substring(start, pos));
      } else if (pos < src.length() && src.charAt(pos) == '[') {
        pos++;
        Expr index = parseArg();
        skipWs();
        if (pos >= src.length() || src.charAt(pos) != ']') {
          throw error("missing ']' after an index");
        }
        pos++;
        e = Access.index(e, index);
      } else {
        return e;
      }
    }
  }

  private Expr parsePrimary() {
    skipWs();
    if (pos >= src.length()) {
      throw error("expression ends too early");
    }
    char c = src.charAt(pos);
    if (c == '\'') {
      return Expr.literal(TextNode.valueOf(parseString()));
    }
    if (c == '-' || Character.isDigit(c)) {
      int start = pos++;
      while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
        pos++;
      }
      String num = src.substring(start, pos);
      return Expr.literal(num.contains(".") ? DecimalNode.valueOf(new BigDecimal(num)) : Functions.number(Long.parseLong(num)));
    }
    int start = pos;
    while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
      pos++;
    }
    String name = src.substring(start, pos);
    if (name.isEmpty()) {
      throw error("unexpected '" + c + "'");
    }
    skipWs();
    if (pos >= src.length() || src.charAt(pos) != '(') {
      return switch (name) {
        case "true" -> Expr.literal(BooleanNode.TRUE);
        case "false" -> Expr.literal(BooleanNode.FALSE);
        case "null" -> Expr.literal(NullNode.getInstance());
        default -> throw error("expected '(' after '" + name + "'");
      };
    }
    pos++;
    List<Expr> args = new ArrayList<>();
    skipWs();
    if (pos < src.length() && src.charAt(pos) == ')') {
      pos++;
    } else {
      while (true) {
        args.add(parseArg());
        skipWs();
        if (pos >= src.length()) {
          throw error("missing ')' in call to " + name);
        }
        char d = src.charAt(pos++);
        if (d == ')') {
          break;
        }
        if (d != ',') {
          throw error("expected ',' or ')' in call to " + name + ", found '" + d + "'");
        }
      }
    }
    try {
      return Functions.call(name, args, scope);
    } catch (FieldRef.UnknownAlias e) {
      throw new CompileError("POL013", jsonPath, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  private String parseString() {
    StringBuilder b = new StringBuilder();
    pos++;
    while (pos < src.length()) {
      char c = src.charAt(pos++);
      if (c == '\'') {
        if (pos < src.length() && src.charAt(pos) == '\'') {
          b.append('\'');
          pos++;
        } else {
          return b.toString();
        }
      } else {
        b.append(c);
      }
    }
    throw error("unterminated string");
  }

  private void skipWs() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  private CompileError error(String message) {
    String shown = src.length() > 200 ? src.substring(0, 200) + "..." : src;
    return new CompileError("POL005", jsonPath, "bad expression '[" + shown + "]': " + message);
  }
}
