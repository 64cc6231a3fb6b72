package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Property and index access on a call result ({@code requestContext().apiVersion},
 * {@code split(field('name'), '/')[1]}, {@code parameters('o')['key']}), as in ARM template
 * expressions: property names are case-insensitive; a property that does not exist, an index out
 * of range or access on a value of the wrong kind fails the evaluation ({@link EvalException}; Azure
 * fails the evaluation too). Accesses on constants are folded at compile time.
 */
final class Access {
  private Access() {}

  static Expr property(Expr target, String name) {
    return fold(target, null, ctx -> get(target.eval(ctx), TextNode.valueOf(name)));
  }

  static Expr index(Expr target, Expr index) {
    return fold(target, index, ctx -> get(target.eval(ctx), index.eval(ctx)));
  }

  private static Expr fold(Expr target, Expr index, Expr e) {
    if (target instanceof Expr.Literal && (index == null || index instanceof Expr.Literal)) {
      try {
        return Expr.literal(e.eval(null));
      } catch (EvalException notYet) {
        return e;
      }
    }
    return e;
  }

  static JsonNode get(JsonNode v, JsonNode key) {
    if (v.isArray()) {
      if (!key.isIntegralNumber()) {
        throw new EvalException("an array is indexed by an integer, got " + Values.text(key));
      }
      int i = key.asInt();
      if (i < 0 || i >= v.size()) {
        throw new EvalException("index " + i + " out of range for an array of " + v.size());
      }
      return v.get(i);
    }
    if (v.isObject()) {
      JsonNode hit = FieldPath.lookup(v, Values.text(key));
      if (hit == null) {
        throw new EvalException("property '" + Values.text(key) + "' does not exist");
      }
      return hit;
    }
    throw new EvalException("cannot access '" + Values.text(key) + "' of " + Values.kind(v)
        + (Values.absent(v) ? "" : " " + Values.text(v)));
  }
}
