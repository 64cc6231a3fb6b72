package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The template functions a rule may call (Azure docs: concepts/definition-structure-policy-rule,
 * "Policy functions"). {@code parameters} is resolved at compile time; calls whose arguments are all
 * constants and whose function reads nothing of the item are folded at compile time. Policy-only
 * functions live here ({@code utcNow}, {@code addDays}, {@code field}, {@code current},
 * {@code requestContext}, {@code resourceGroup}, {@code subscription}, {@code policy},
 * {@code ipRangeContains}); the ARM template functions are in {@link ArmFunctions}.
 */
final class Functions {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Functions that read the item, the clock or an enclosing count: never folded. */
  private static final Set<String> CONTEXTUAL = Set.of("utcnow", "adddays", "field", "current", "requestcontext",
      "resourcegroup", "subscription", "policy");

  private Functions() {}

  static Expr call(String name, List<Expr> args, CompileScope scope) {
    String fn = name.toLowerCase(Locale.ROOT);
    Expr e = switch (fn) {
      case "parameters" -> parameter(args, scope);
      case "utcnow" -> {
        if (args.size() > 1) {
          throw new IllegalArgumentException("utcNow() takes at most 1 argument");
        }
        yield EvalContext::nowText;
      }
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
        if (ref.isMulti()) {
          // Azure (how-to/author-policies-for-arrays): field() on a [*] alias is the array of selected values.
          yield ctx -> {
            ArrayNode out = NODES.arrayNode();
            for (JsonNode v : ref.resolveAll(ctx)) {
              if (!Values.absent(v)) {
                out.add(v);
              }
            }
            return out;
          };
        }
        yield ref::resolveOne;
      }
      case "current" -> current(args, scope);
      case "requestcontext" -> {
        arity(name, args, 0);
        // Azure: during a compliance scan the latest API version is used; ai-audit has no ARM request,
        // so the evaluation date stands for "the latest version".
        yield ctx -> NODES.objectNode().put("apiVersion", ctx.now().atZone(ZoneOffset.UTC).toLocalDate().toString());
      }
      case "resourcegroup" -> {
        arity(name, args, 0);
        yield ctx -> {
          String ns = ctx.root() == null ? "" : ctx.root().path("namespace").asText("");
          JsonNode loc = ctx.root() == null ? null : FieldPath.parse(Aliases.LOCATION_PATH).resolveOne(ctx.root());
          ObjectNode rg = NODES.objectNode().put("id", "/subscriptions/ai-audit/resourceGroups/" + ns).put("name", ns)
              .put("type", "Microsoft.Resources/resourceGroups");
          if (loc != null && loc.isTextual()) {
            rg.put("location", loc.textValue());
          } else {
            rg.putNull("location");
          }
          rg.putObject("tags");
          rg.putObject("properties").put("provisioningState", "Succeeded");
          return rg;
        };
      }
      case "subscription" -> {
        arity(name, args, 0);
        yield ctx -> NODES.objectNode().put("id", "/subscriptions/ai-audit").put("subscriptionId", "ai-audit")
            .put("tenantId", "").put("displayName", "ai-audit inventory");
      }
      case "policy" -> {
        arity(name, args, 0);
        String id = scope.definitionId();
        yield ctx -> NODES.objectNode().put("assignmentId", "").put("definitionId", id).put("setDefinitionId", "")
            .put("definitionReferenceId", "");
      }
      case "iprangecontains" -> {
        arity(name, args, 2);
        yield ctx -> BooleanNode.valueOf(IpRanges.contains(Values.text(args.get(0).eval(ctx)),
            Values.text(args.get(1).eval(ctx))));
      }
      default -> ArmFunctions.call(name, fn, args);
    };
    if (!CONTEXTUAL.contains(fn) && !(e instanceof Expr.Literal) && args.stream().allMatch(a -> a instanceof Expr.Literal)) {
      try {
        JsonNode v = e.eval(null);
        if (v != null && !v.isMissingNode()) {
          return Expr.literal(v);
        }
      } catch (RuntimeException ignored) {
        // not foldable (an error that only shows with real values); evaluated per item instead
      }
    }
    return e;
  }

  /**
   * {@code current('name')} in a value count, {@code current('<array alias>[*]')} (or a path below it)
   * in a field count, {@code current()} for the innermost count.
   */
  private static Expr current(List<Expr> args, CompileScope scope) {
    if (args.size() > 1) {
      throw new IllegalArgumentException("current() takes at most 1 argument");
    }
    String n = args.isEmpty() ? "" : constantText("current", args.get(0));
    if (n.isEmpty() || scope.hasValueName(n)) {
      return ctx -> ctx.current(n);
    }
    FieldRef ref = FieldRef.compile(n, scope);
    if (!ref.relative() && !ref.unknown()) {
      throw new IllegalArgumentException("current('" + n + "') outside a count named '" + n
          + "' or a field count over that array alias");
    }
    return ref::resolveOne;
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

  static String constantText(String fn, Expr arg) {
    if (arg instanceof Expr.Literal(JsonNode v) && v.isTextual()) {
      return v.textValue();
    }
    throw new IllegalArgumentException(fn + "() needs a constant string argument");
  }

  static void arity(String fn, List<Expr> args, int n) {
    if (args.size() != n) {
      throw new IllegalArgumentException(fn + "() takes " + n + " argument(s), got " + args.size());
    }
  }

  static void arity(String fn, List<Expr> args, int min, int max) {
    if (args.size() < min || args.size() > max) {
      throw new IllegalArgumentException(fn + "() takes " + min + " to " + max + " arguments, got " + args.size());
    }
  }

  static JsonNode missing() {
    return MissingNode.getInstance();
  }

  static JsonNode number(long v) {
    return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
  }
}
