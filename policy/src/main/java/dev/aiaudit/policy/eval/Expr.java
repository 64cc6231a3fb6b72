package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;

/** A compiled value: a literal or a template-function call. */
@FunctionalInterface
public interface Expr {
  JsonNode eval(EvalContext ctx);

  /** A constant. */
  static Expr literal(JsonNode value) {
    return new Literal(value);
  }

  /** A literal value; {@link #toString()} renders it for reasons. */
  record Literal(JsonNode value) implements Expr {
    @Override
    public JsonNode eval(EvalContext ctx) {
      return value;
    }

    @Override
    public String toString() {
      return value.isTextual() ? value.textValue() : value.toString();
    }
  }
}
