package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.aiaudit.policy.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled condition tree. {@link #test} is the hot path; {@link #explain} runs only when a
 * verdict needs its reasons and collects the leaves that decided {@code outcome}.
 */
public sealed interface Condition {
  boolean test(EvalContext ctx);

  void explain(EvalContext ctx, boolean outcome, List<Reason> out);

  /** {@code allOf}: false when any member is false, even if another is unknown (three-valued). */
  record AllOf(List<Condition> children) implements Condition {
    @Override
    public boolean test(EvalContext ctx) {
      UnknownValue unknown = null;
      for (Condition c : children) {
        try {
          if (!c.test(ctx)) {
            return false;
          }
        } catch (UnknownValue u) {
          unknown = unknown == null ? u : unknown;
        }
      }
      if (unknown != null) {
        throw unknown;
      }
      return true;
    }

    @Override
    public void explain(EvalContext ctx, boolean outcome, List<Reason> out) {
      for (Condition c : children) {
        Boolean v = tryTest(c, ctx);
        if (outcome) {
          c.explain(ctx, true, out);
        } else if (v != null && !v) {
          c.explain(ctx, false, out);
          return;
        }
      }
    }
  }

  /** {@code anyOf}: true when any member is true, even if another is unknown (three-valued). */
  record AnyOf(List<Condition> children) implements Condition {
    @Override
    public boolean test(EvalContext ctx) {
      UnknownValue unknown = null;
      for (Condition c : children) {
        try {
          if (c.test(ctx)) {
            return true;
          }
        } catch (UnknownValue u) {
          unknown = unknown == null ? u : unknown;
        }
      }
      if (unknown != null) {
        throw unknown;
      }
      return false;
    }

    @Override
    public void explain(EvalContext ctx, boolean outcome, List<Reason> out) {
      for (Condition c : children) {
        Boolean v = tryTest(c, ctx);
        if (!outcome) {
          c.explain(ctx, false, out);
        } else if (v != null && v) {
          c.explain(ctx, true, out);
          return;
        }
      }
    }
  }

  /** The outcome, or {@code null} when unknown. */
  static Boolean tryTest(Condition c, EvalContext ctx) {
    try {
      return c.test(ctx);
    } catch (UnknownValue u) {
      return null;
    }
  }

  /** {@code not}. */
  record Not(Condition child) implements Condition {
    @Override
    public boolean test(EvalContext ctx) {
      return !child.test(ctx);
    }

    @Override
    public void explain(EvalContext ctx, boolean outcome, List<Reason> out) {
      child.explain(ctx, !outcome, out);
    }
  }

  /**
   * {@code {"field": ..., op: ...}}; with {@code [*]} every element must satisfy (empty: true).
   * Azure's {@code location} is compared normalised: spaces dropped, case ignored (concepts/
   * definition-structure-policy-rule, "Fields": "West Europe" equals "westeurope").
   */
  record FieldLeaf(FieldRef field, Operator op, Expr expected) implements Condition {
    @Override
    public boolean test(EvalContext ctx) {
      JsonNode want = want(ctx);
      if (!field.isMulti()) {
        return op.test(actual(field.resolveOne(ctx)), want);
      }
      for (JsonNode v : field.resolveAll(ctx)) {
        if (!op.test(actual(v), want)) {
          return false;
        }
      }
      return true;
    }

    private JsonNode want(EvalContext ctx) {
      JsonNode w = expected.eval(ctx);
      return field.location() ? Locations.normalise(w) : w;
    }

    private JsonNode actual(JsonNode v) {
      return field.location() ? Locations.normalise(v) : v;
    }

    @Override
    public void explain(EvalContext ctx, boolean outcome, List<Reason> out) {
      JsonNode want = want(ctx);
      String actual;
      if (field.isMulti()) {
        List<String> vals = new ArrayList<>();
        for (JsonNode v : field.resolveAll(ctx)) {
          if (outcome || !op.test(actual(v), want)) {
            vals.add(render(v));
          }
        }
        actual = vals.toString();
      } else {
        actual = render(field.resolveOne(ctx));
      }
      out.add(new Reason(field.text(), verb(op, outcome), render(expected.eval(ctx)), actual));
    }
  }

  /** {@code {"value": ..., op: ...}}. */
  record ValueLeaf(Expr value, String text, Operator op, Expr expected) implements Condition {
    @Override
    public boolean test(EvalContext ctx) {
      return op.test(value.eval(ctx), expected.eval(ctx));
    }

    @Override
    public void explain(EvalContext ctx, boolean outcome, List<Reason> out) {
      out.add(new Reason(text, verb(op, outcome), render(expected.eval(ctx)), render(value.eval(ctx))));
    }
  }

  /** {@code {"count": {"field": "x[*]", "where": ...}, op: n}}; {@code where} may be null. */
  record FieldCount(FieldRef array, Condition where, Operator op, Expr expected) implements Condition {
    @Override
    public boolean test(EvalContext ctx) {
      return op.test(IntNode.valueOf(count(ctx)), expected.eval(ctx));
    }

    int count(EvalContext ctx) {
      List<JsonNode> elements = array.resolveAll(ctx);
      if (where == null) {
        return elements.size();
      }
      int n = 0;
      for (JsonNode e : elements) {
        ctx.pushField(e);
        try {
          if (where.test(ctx)) {
            n++;
          }
        } finally {
          ctx.popField();
        }
      }
      return n;
    }

    @Override
    public void explain(EvalContext ctx, boolean outcome, List<Reason> out) {
      out.add(new Reason("count(" + array.text() + (where == null ? "" : " where ...") + ")",
          verb(op, outcome), render(expected.eval(ctx)), String.valueOf(count(ctx))));
    }
  }

  /** {@code {"count": {"value": [...], "name": "i", "where": ...}, op: n}}. */
  record ValueCount(Expr values, String name, Condition where, Operator op, Expr expected) implements Condition {
    @Override
    public boolean test(EvalContext ctx) {
      return op.test(IntNode.valueOf(count(ctx)), expected.eval(ctx));
    }

    int count(EvalContext ctx) {
      JsonNode arr = values.eval(ctx);
      if (!arr.isArray()) {
        throw new EvalException("count value must be an array, got " + Values.kind(arr));
      }
      if (where == null) {
        return arr.size();
      }
      int n = 0;
      for (JsonNode e : arr) {
        ctx.pushValue(name, e);
        try {
          if (where.test(ctx)) {
            n++;
          }
        } finally {
          ctx.popValue();
        }
      }
      return n;
    }

    @Override
    public void explain(EvalContext ctx, boolean outcome, List<Reason> out) {
      out.add(new Reason("count(value " + name + ")", verb(op, outcome), render(expected.eval(ctx)),
          String.valueOf(count(ctx))));
    }
  }

  private static String verb(Operator op, boolean outcome) {
    return outcome ? op.wireName() : "not " + op.wireName();
  }

  /** Renders a value for a reason: quoted text, JSON for the rest, {@code <missing>} when absent. */
  static String render(JsonNode v) {
    if (Values.absent(v)) {
      return "<missing>";
    }
    return v.isTextual() ? "'" + v.textValue() + "'" : v.toString();
  }
}
