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

  /** {@code allOf}. */
  record AllOf(List<Condition> children) implements Condition {
    @Override
    public boolean test(EvalContext ctx) {
      for (Condition c : children) {
        if (!c.test(ctx)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void explain(EvalContext ctx, boolean outcome, List<Reason> out) {
      for (Condition c : children) {
        boolean v = c.test(ctx);
        if (outcome) {
          c.explain(ctx, true, out);
        } else if (!v) {
          c.explain(ctx, false, out);
          return;
        }
      }
    }
  }

  /** {@code anyOf}. */
  record AnyOf(List<Condition> children) implements Condition {
    @Override
    public boolean test(EvalContext ctx) {
      for (Condition c : children) {
        if (c.test(ctx)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void explain(EvalContext ctx, boolean outcome, List<Reason> out) {
      for (Condition c : children) {
        boolean v = c.test(ctx);
        if (!outcome) {
          c.explain(ctx, false, out);
        } else if (v) {
          c.explain(ctx, true, out);
          return;
        }
      }
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

  /** {@code {"field": ..., op: ...}}; with {@code [*]} every element must satisfy (empty: true). */
  record FieldLeaf(FieldRef field, Operator op, Expr expected) implements Condition {
    @Override
    public boolean test(EvalContext ctx) {
      JsonNode want = expected.eval(ctx);
      if (!field.isMulti()) {
        return op.test(field.resolveOne(ctx), want);
      }
      for (JsonNode v : field.resolveAll(ctx)) {
        if (!op.test(v, want)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void explain(EvalContext ctx, boolean outcome, List<Reason> out) {
      JsonNode want = expected.eval(ctx);
      String actual;
      if (field.isMulti()) {
        List<String> vals = new ArrayList<>();
        for (JsonNode v : field.resolveAll(ctx)) {
          if (outcome || !op.test(v, want)) {
            vals.add(render(v));
          }
        }
        actual = vals.toString();
      } else {
        actual = render(field.resolveOne(ctx));
      }
      out.add(new Reason(field.text(), verb(op, outcome), render(want), actual));
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
