package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ARM template functions Azure allows in policy rules (docs: azure-resource-manager/templates,
 * template-functions-string/-array/-object/-logical/-numeric/-comparison), with ARM's results:
 * {@code contains} is case-sensitive on text, {@code startsWith}/{@code endsWith}/{@code indexOf}
 * are not; {@code first}/{@code last} of an empty array is null; {@code concat} joins arrays when its
 * first argument is an array. A wrong argument type is an {@link EvalException} (state error; Azure:
 * the evaluation fails).
 */
final class ArmFunctions {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ArmFunctions() {}

  static Expr call(String name, String fn, List<Expr> args) {
    return switch (fn) {
      case "concat" -> ctx -> concat(eval(args, ctx));
      case "tolower", "toupper" -> {
        Functions.arity(name, args, 1);
        boolean lower = fn.equals("tolower");
        yield ctx -> {
          String s = Values.text(args.get(0).eval(ctx));
          return TextNode.valueOf(lower ? s.toLowerCase(Locale.ROOT) : s.toUpperCase(Locale.ROOT));
        };
      }
      case "length" -> unary(name, args, v -> Functions.number(Values.size(v)));
      case "empty" -> unary(name, args, v -> BooleanNode.valueOf(Values.size(v) == 0));
      case "first", "last" -> {
        boolean first = fn.equals("first");
        yield unary(name, args, v -> firstLast(v, first));
      }
      case "coalesce" -> ctx -> {
        for (Expr a : args) {
          JsonNode v = a.eval(ctx);
          if (!Values.absent(v)) {
            return v;
          }
        }
        return NullNode.getInstance();
      };
      case "if" -> {
        Functions.arity(name, args, 3);
        yield ctx -> bool(args.get(0).eval(ctx)) ? args.get(1).eval(ctx) : args.get(2).eval(ctx);
      }
      case "equals" -> binary(name, args, (a, b) -> BooleanNode.valueOf(Values.looseEquals(a, b)));
      case "greater", "greaterorequals", "less", "lessorequals" -> binary(name, args, (a, b) -> {
        int c = Values.compare(a, b);
        return BooleanNode.valueOf(switch (fn) {
          case "greater" -> c > 0;
          case "greaterorequals" -> c >= 0;
          case "less" -> c < 0;
          default -> c <= 0;
        });
      });
      case "not" -> unary(name, args, v -> BooleanNode.valueOf(!bool(v)));
      case "and", "or" -> {
        boolean and = fn.equals("and");
        yield ctx -> {
          for (Expr a : args) {
            if (bool(a.eval(ctx)) != and) {
              return BooleanNode.valueOf(!and);
            }
          }
          return BooleanNode.valueOf(and);
        };
      }
      case "true", "false" -> {
        Functions.arity(name, args, 0);
        yield Expr.literal(BooleanNode.valueOf(fn.equals("true")));
      }
      case "null" -> {
        Functions.arity(name, args, 0);
        yield Expr.literal(NullNode.getInstance());
      }
      case "add", "sub", "mul", "div", "mod" -> binary(name, args, (a, b) -> arithmetic(fn, a, b));
      case "min", "max" -> ctx -> minMax(eval(args, ctx), fn.equals("min"));
      case "int" -> unary(name, args, ArmFunctions::toInt);
      case "float" -> unary(name, args, v -> DecimalNode.valueOf(decimal(v)));
      case "bool" -> unary(name, args, v -> BooleanNode.valueOf(v.isTextual() ? parseBool(v.textValue()) : bool(v)));
      case "string" -> unary(name, args, v -> TextNode.valueOf(Values.text(v)));
      case "json" -> unary(name, args, ArmFunctions::json);
      case "split" -> binary(name, args, ArmFunctions::split);
      case "replace" -> {
        Functions.arity(name, args, 3);
        yield ctx -> TextNode.valueOf(text(args.get(0).eval(ctx), name)
            .replace(text(args.get(1).eval(ctx), name), text(args.get(2).eval(ctx), name)));
      }
      case "contains" -> binary(name, args, (a, b) -> BooleanNode.valueOf(contains(a, b)));
      case "startswith", "endswith" -> binary(name, args, (a, b) -> {
        String s = text(a, name).toLowerCase(Locale.ROOT);
        String p = text(b, name).toLowerCase(Locale.ROOT);
        return BooleanNode.valueOf(fn.equals("startswith") ? s.startsWith(p) : s.endsWith(p));
      });
      case "indexof", "lastindexof" -> binary(name, args, (a, b) -> {
        String s = text(a, name).toLowerCase(Locale.ROOT);
        String p = text(b, name).toLowerCase(Locale.ROOT);
        return Functions.number(fn.equals("indexof") ? s.indexOf(p) : s.lastIndexOf(p));
      });
      case "substring" -> {
        Functions.arity(name, args, 2, 3);
        yield ctx -> {
          String s = text(args.get(0).eval(ctx), name);
          int start = (int) toInt(args.get(1).eval(ctx)).asLong();
          int len = args.size() == 3 ? (int) toInt(args.get(2).eval(ctx)).asLong() : s.length() - start;
          if (start < 0 || len < 0 || start + len > s.length()) {
            throw new EvalException("substring(" + start + ", " + len + ") out of range for a text of length " + s.length());
          }
          return TextNode.valueOf(s.substring(start, start + len));
        };
      }
      case "trim" -> unary(name, args, v -> TextNode.valueOf(text(v, name).strip()));
      case "padleft" -> {
        Functions.arity(name, args, 2, 3);
        yield ctx -> {
          String s = Values.text(args.get(0).eval(ctx));
          int width = (int) toInt(args.get(1).eval(ctx)).asLong();
          String pad = args.size() == 3 ? text(args.get(2).eval(ctx), name) : " ";
          StringBuilder b = new StringBuilder();
          while (b.length() + s.length() < width && !pad.isEmpty()) {
            b.append(pad.charAt(0));
          }
          return TextNode.valueOf(b + s);
        };
      }
      case "take", "skip" -> binary(name, args, (a, b) -> takeSkip(a, (int) toInt(b).asLong(), fn.equals("take")));
      case "createarray", "array" -> fn.equals("array")
          ? unary(name, args, v -> v.isArray() ? v : NODES.arrayNode().add(v))
          : ctx -> {
            ArrayNode out = NODES.arrayNode();
            eval(args, ctx).forEach(out::add);
            return out;
          };
      case "createobject" -> {
        if (args.size() % 2 != 0) {
          throw new IllegalArgumentException("createObject() takes key/value pairs, got " + args.size() + " arguments");
        }
        yield ctx -> {
          ObjectNode o = NODES.objectNode();
          for (int i = 0; i < args.size(); i += 2) {
            o.set(text(args.get(i).eval(ctx), name), args.get(i + 1).eval(ctx));
          }
          return o;
        };
      }
      case "intersection", "union" -> {
        if (args.size() < 2) {
          throw new IllegalArgumentException(name + "() takes at least 2 arguments");
        }
        boolean inter = fn.equals("intersection");
        yield ctx -> inter ? intersection(eval(args, ctx)) : union(eval(args, ctx));
      }
      case "items" -> unary(name, args, ArmFunctions::items);
      case "objectkeys" -> unary(name, args, v -> {
        ArrayNode out = NODES.arrayNode();
        object(v, name).fieldNames().forEachRemaining(out::add);
        return out;
      });
      case "tryget" -> {
        if (args.size() < 2) {
          throw new IllegalArgumentException("tryGet() takes at least 2 arguments");
        }
        yield ctx -> {
          JsonNode cur = args.get(0).eval(ctx);
          for (int i = 1; i < args.size() && !Values.absent(cur); i++) {
            JsonNode k = args.get(i).eval(ctx);
            cur = cur.isArray() && k.isNumber() ? cur.get(k.asInt()) : cur.isObject() ? FieldPath.lookup(cur, Values.text(k)) : null;
          }
          return Values.absent(cur) ? NullNode.getInstance() : cur;
        };
      }
      default -> throw new IllegalArgumentException("unknown function '" + name + "'");
    };
  }

  private interface Unary {
    JsonNode apply(JsonNode v);
  }

  private interface Binary {
    JsonNode apply(JsonNode a, JsonNode b);
  }

  private static Expr unary(String name, List<Expr> args, Unary f) {
    Functions.arity(name, args, 1);
    Expr a = args.get(0);
    return ctx -> f.apply(a.eval(ctx));
  }

  private static Expr binary(String name, List<Expr> args, Binary f) {
    Functions.arity(name, args, 2);
    Expr a = args.get(0);
    Expr b = args.get(1);
    return ctx -> f.apply(a.eval(ctx), b.eval(ctx));
  }

  private static List<JsonNode> eval(List<Expr> args, EvalContext ctx) {
    return args.stream().map(a -> a.eval(ctx)).toList();
  }

  /** ARM truthiness: booleans, and the texts true/false. */
  static boolean bool(JsonNode v) {
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()) {
      return parseBool(v.textValue());
    }
    throw new EvalException("expected a boolean, got " + Values.kind(v) + " " + Values.text(v));
  }

  private static boolean parseBool(String s) {
    if (s.equalsIgnoreCase("true")) {
      return true;
    }
    if (s.equalsIgnoreCase("false")) {
      return false;
    }
    throw new EvalException("not a boolean: '" + s + "'");
  }

  private static String text(JsonNode v, String fn) {
    if (!v.isTextual()) {
      throw new EvalException(fn + "() expects text, got " + Values.kind(v) + " " + Values.text(v));
    }
    return v.textValue();
  }

  private static ObjectNode object(JsonNode v, String fn) {
    if (!v.isObject()) {
      throw new EvalException(fn + "() expects an object, got " + Values.kind(v));
    }
    return (ObjectNode) v;
  }

  private static JsonNode concat(List<JsonNode> vals) {
    if (!vals.isEmpty() && vals.get(0).isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (JsonNode v : vals) {
        if (v.isArray()) {
          out.addAll((ArrayNode) v);
        } else if (!Values.absent(v)) {
          out.add(v);
        }
      }
      return out;
    }
    StringBuilder b = new StringBuilder();
    vals.forEach(v -> b.append(Values.text(v)));
    return TextNode.valueOf(b.toString());
  }

  private static JsonNode firstLast(JsonNode v, boolean first) {
    if (v.isTextual()) {
      String s = v.textValue();
      return s.isEmpty() ? TextNode.valueOf("") : TextNode.valueOf(String.valueOf(s.charAt(first ? 0 : s.length() - 1)));
    }
    if (v.isArray()) {
      return v.isEmpty() ? NullNode.getInstance() : v.get(first ? 0 : v.size() - 1);
    }
    if (Values.absent(v)) {
      return NullNode.getInstance();
    }
    throw new EvalException((first ? "first" : "last") + "() expects an array or text, got " + Values.kind(v));
  }

  private static BigDecimal decimal(JsonNode v) {
    if (v.isNumber()) {
      return v.decimalValue();
    }
    try {
      return new BigDecimal(Values.text(v).trim());
    } catch (NumberFormatException e) {
      throw new EvalException("not a number: " + Values.text(v));
    }
  }

  private static JsonNode toInt(JsonNode v) {
    BigDecimal d = decimal(v);
    try {
      return Functions.number(d.setScale(0, java.math.RoundingMode.DOWN).longValueExact());
    } catch (ArithmeticException e) {
      throw new EvalException("integer out of range: " + Values.text(v));
    }
  }

  private static JsonNode arithmetic(String fn, JsonNode a, JsonNode b) {
    long x = toInt(a).asLong();
    long y = toInt(b).asLong();
    if ((fn.equals("div") || fn.equals("mod")) && y == 0) {
      throw new EvalException(fn + "() by zero");
    }
    return Functions.number(switch (fn) {
      case "add" -> x + y;
      case "sub" -> x - y;
      case "mul" -> x * y;
      case "div" -> x / y;
      default -> x % y;
    });
  }

  private static JsonNode minMax(List<JsonNode> vals, boolean min) {
    JsonNode best = null;
    for (JsonNode v : vals) {
      for (JsonNode x : v.isArray() ? v : List.of(v)) {
        if (best == null || (min ? Values.compare(x, best) < 0 : Values.compare(x, best) > 0)) {
          best = x;
        }
      }
    }
    if (best == null) {
      throw new EvalException((min ? "min" : "max") + "() of nothing");
    }
    return best;
  }

  private static JsonNode json(JsonNode v) {
    try {
      return JSON.readTree(Values.text(v));
    } catch (java.io.IOException e) {
      throw new EvalException("json() of invalid JSON text");
    }
  }

  private static JsonNode split(JsonNode s, JsonNode delims) {
    String text = text(s, "split");
    List<String> ds = delims.isArray() ? java.util.stream.StreamSupport.stream(delims.spliterator(), false)
        .map(Values::text).toList() : List.of(text(delims, "split"));
    ArrayNode out = NODES.arrayNode();
    int start = 0;
    int i = 0;
    while (i <= text.length()) {
      String hit = null;
      for (String d : ds) {
        if (!d.isEmpty() && text.startsWith(d, i)) {
          hit = d;
          break;
        }
      }
      if (hit != null) {
        out.add(text.substring(start, i));
        i += hit.length();
        start = i;
      } else {
        i++;
      }
    }
    out.add(text.substring(start));
    return out;
  }

  private static boolean contains(JsonNode container, JsonNode item) {
    if (container.isArray()) {
      for (JsonNode x : container) {
        if (x.isTextual() && item.isTextual() ? x.textValue().equals(item.textValue()) : Values.looseEquals(x, item)) {
          return true;
        }
      }
      return false;
    }
    if (container.isObject()) {
      return container.has(Values.text(item));
    }
    if (container.isTextual()) {
      return container.textValue().contains(Values.text(item));
    }
    throw new EvalException("contains() expects an array, object or text, got " + Values.kind(container));
  }

  private static JsonNode takeSkip(JsonNode v, int n, boolean take) {
    if (v.isTextual()) {
      String s = v.textValue();
      int k = Math.max(0, Math.min(n, s.length()));
      return TextNode.valueOf(take ? s.substring(0, k) : s.substring(k));
    }
    if (!v.isArray()) {
      throw new EvalException((take ? "take" : "skip") + "() expects an array or text, got " + Values.kind(v));
    }
    ArrayNode out = NODES.arrayNode();
    int k = Math.max(0, Math.min(n, v.size()));
    for (int i = take ? 0 : k; i < (take ? k : v.size()); i++) {
      out.add(v.get(i));
    }
    return out;
  }

  private static JsonNode intersection(List<JsonNode> vals) {
    JsonNode first = vals.get(0);
    if (first.isObject()) {
      ObjectNode out = NODES.objectNode();
      first.properties().forEach(e -> {
        boolean all = vals.stream().allMatch(o -> o.isObject() && o.has(e.getKey()) && Values.looseEquals(o.get(e.getKey()), e.getValue()));
        if (all) {
          out.set(e.getKey(), e.getValue());
        }
      });
      return out;
    }
    ArrayNode out = NODES.arrayNode();
    for (JsonNode x : array(first, "intersection")) {
      boolean all = vals.stream().allMatch(a -> containsLoose(array(a, "intersection"), x));
      if (all && !containsLoose(out, x)) {
        out.add(x);
      }
    }
    return out;
  }

  private static JsonNode union(List<JsonNode> vals) {
    if (vals.get(0).isObject()) {
      ObjectNode out = NODES.objectNode();
      vals.forEach(o -> object(o, "union").properties().forEach(e -> out.set(e.getKey(), e.getValue())));
      return out;
    }
    ArrayNode out = NODES.arrayNode();
    for (JsonNode a : vals) {
      for (JsonNode x : array(a, "union")) {
        if (!containsLoose(out, x)) {
          out.add(x);
        }
      }
    }
    return out;
  }

  private static JsonNode array(JsonNode v, String fn) {
    if (!v.isArray()) {
      throw new EvalException(fn + "() expects arrays (or objects), got " + Values.kind(v));
    }
    return v;
  }

  private static boolean containsLoose(JsonNode arr, JsonNode x) {
    for (JsonNode y : arr) {
      if (Values.looseEquals(x, y)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode items(JsonNode v) {
    ArrayNode out = NODES.arrayNode();
    Iterator<Map.Entry<String, JsonNode>> it = object(v, "items").properties().iterator();
    while (it.hasNext()) {
      var e = it.next();
      out.addObject().put("key", e.getKey()).set("value", e.getValue());
    }
    return out;
  }
}
