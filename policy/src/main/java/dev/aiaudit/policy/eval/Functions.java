package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The template functions a rule may call. {@code parameters} is resolved at compile time; the rest
 * are evaluated per item: {@code utcNow()}, {@code addDays(dt, n)}, {@code field('path')},
 * {@code current('name')}, {@code concat}, {@code toLower}, {@code toUpper}, {@code length},
 * {@code empty}, {@code coalesce}, {@code if}, {@code equals}, {@code not}, {@code and}, {@code or},
 * {@code add}, {@code sub}, {@code string}.
 */
final class Functions {
  private Functions() {}

  static Expr call(String name, List<Expr> args, CompileScope scope) {
    String fn = name.toLowerCase(Locale.ROOT);
    return switch (fn) {
      case "parameters" -> parameter(args, scope);
      case "utcnow" -> EvalContext::nowText;
      case "adddays" -> {
        arity(name, args, 2);
        yield ctx -> {
          Instant t = Values.toInstant(args.get(0).eval(ctx));
          long days = args.get(1).eval(ctx).asLong();
          return TextNode.valueOf(t.plus(days, ChronoUnit.DAYS).toString());
        };
      }
      case "field" -> {
        arity(name, args, 1);
        FieldRef ref = FieldRef.compile(constantText(name, args.get(0)), scope);
        yield ref::resolveOne;
      }
      case "current" -> {
        String n = args.isEmpty() ? "" : constantText(name, args.get(0));
        if (!n.isEmpty() && !scope.hasValueName(n)) {
          throw new IllegalArgumentException("current('" + n + "') outside a count named '" + n + "'");
        }
        yield ctx -> ctx.current(n);
      }
      case "concat" -> ctx -> {
        StringBuilder b = new StringBuilder();
        for (Expr a : args) {
          b.append(Values.text(a.eval(ctx)));
        }
        return TextNode.valueOf(b.toString());
      };
      case "tolower", "toupper" -> {
        arity(name, args, 1);
        boolean lower = fn.equals("tolower");
        yield ctx -> {
          String s = Values.text(args.get(0).eval(ctx));
          return TextNode.valueOf(lower ? s.toLowerCase(Locale.ROOT) : s.toUpperCase(Locale.ROOT));
        };
      }
      case "length" -> {
        arity(name, args, 1);
        yield ctx -> IntNode.valueOf(Values.size(args.get(0).eval(ctx)));
      }
      case "empty" -> {
        arity(name, args, 1);
        yield ctx -> BooleanNode.valueOf(Values.size(args.get(0).eval(ctx)) == 0);
      }
      case "coalesce" -> ctx -> {
        for (Expr a : args) {
          JsonNode v = a.eval(ctx);
          if (!Values.absent(v)) {
            return v;
          }
        }
        return MissingNode.getInstance();
      };
      case "if" -> {
        arity(name, args, 3);
        yield ctx -> args.get(0).eval(ctx).asBoolean() ? args.get(1).eval(ctx) : args.get(2).eval(ctx);
      }
      case "equals" -> {
        arity(name, args, 2);
        yield ctx -> BooleanNode.valueOf(Values.looseEquals(args.get(0).eval(ctx), args.get(1).eval(ctx)));
      }
      case "not" -> {
        arity(name, args, 1);
        yield ctx -> BooleanNode.valueOf(!args.get(0).eval(ctx).asBoolean());
      }
      case "and", "or" -> {
        boolean and = fn.equals("and");
        yield ctx -> {
          for (Expr a : args) {
            boolean v = a.eval(ctx).asBoolean();
            if (v != and) {
              return BooleanNode.valueOf(!and);
            }
          }
          return BooleanNode.valueOf(and);
        };
      }
      case "add", "sub" -> {
        arity(name, args, 2);
        boolean add = fn.equals("add");
        yield ctx -> {
          long a = args.get(0).eval(ctx).asLong();
          long b = args.get(1).eval(ctx).asLong();
          return com.fasterxml.jackson.databind.node.LongNode.valueOf(add ? a + b : a - b);
        };
      }
      case "string" -> {
        arity(name, args, 1);
        yield ctx -> TextNode.valueOf(Values.text(args.get(0).eval(ctx)));
      }
      default -> throw new IllegalArgumentException("unknown function '" + name + "'");
    };
  }

  private static Expr parameter(List<Expr> args, CompileScope scope) {
    arity("parameters", args, 1);
    String p = constantText("parameters", args.get(0));
    JsonNode v = scope.parameter(p);
    if (v == null) {
      throw new IllegalArgumentException("parameter '" + p + "' is not declared");
    }
    return Expr.literal(v);
  }

  private static String constantText(String fn, Expr arg) {
    if (arg instanceof Expr.Literal(JsonNode v) && v.isTextual()) {
      return v.textValue();
    }
    throw new IllegalArgumentException(fn + "() needs a constant string argument");
  }

  private static void arity(String fn, List<Expr> args, int n) {
    if (args.size() != n) {
      throw new IllegalArgumentException(fn + "() takes " + n + " argument(s), got " + args.size());
    }
  }
}
