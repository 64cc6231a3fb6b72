package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the template-expression subset used in policy values: a JSON string that starts with
 * {@code [} and ends with {@code ]} is an expression ({@code [[} escapes a literal {@code [}).
 * Grammar: {@code call := name '(' (arg (',' arg)*)? ')'}; {@code arg := call | 'text' | number |
 * true | false | null}. Functions are in {@link Functions}; {@code parameters('p')} is bound at
 * compile time.
 */
final class ExpressionParser {
  private final String src;
  private final String jsonPath;
  private final CompileScope scope;
  private int pos;

  private ExpressionParser(String src, String jsonPath, CompileScope scope) {
    this.src = src;
    this.jsonPath = jsonPath;
    this.scope = scope;
  }

  /** Compiles any JSON value: expression strings become calls, everything else a literal. */
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
    return Expr.literal(value);
  }

  private Expr parseArg() {
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
      return Expr.literal(num.contains(".") ? DecimalNode.valueOf(new BigDecimal(num)) : LongNode.valueOf(Long.parseLong(num)));
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
    return new CompileError("POL005", jsonPath, "bad expression '[" + src + "]': " + message);
  }
}
