package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A compiled path into an inventory item: {@code a.b}, {@code a[*].b}, {@code a['key.with.dots']},
 * {@code a[0]}. A path with {@code [*]} yields every matching element. Keys are case-sensitive.
 */
public final class FieldPath {
  private sealed interface Segment permits Name, Index, Wildcard {}

  private record Name(String name) implements Segment {}

  private record Index(int index) implements Segment {}

  private record Wildcard() implements Segment {}

  private final String text;
  private final List<Segment> segments;
  private final boolean multi;

  private FieldPath(String text, List<Segment> segments) {
    this.text = text;
    this.segments = List.copyOf(segments);
    this.multi = segments.stream().anyMatch(s -> s instanceof Wildcard);
  }

  /** Parses a plain path; throws {@link IllegalArgumentException} naming the bad character. */
  public static FieldPath parse(String text) {
    List<Segment> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    StringBuilder name = new StringBuilder();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '.') {
        flush(name, out, text, i);
        i++;
      } else if (c == '[') {
        if (name.length() > 0) {
          out.add(new Name(name.toString()));
          name.setLength(0);
        }
        int close = text.indexOf(']', i);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed '[' at " + i + " in field '" + text + "'");
        }
        String inner = text.substring(i + 1, close).trim();
        if (inner.equals("*")) {
          out.add(new Wildcard());
        } else if (inner.length() >= 2 && inner.startsWith("'") && inner.endsWith("'")) {
          out.add(new Name(inner.substring(1, inner.length() - 1)));
        } else if (inner.matches("\\d+")) {
          out.add(new Index(Integer.parseInt(inner)));
        } else if (!inner.isEmpty() && inner.indexOf('\'') < 0 && inner.indexOf('[') < 0) {
          // Azure documents tags[Environment] without quotes: a bare key (concepts/definition-structure-policy-rule, "Fields")
          out.add(new Name(inner));
        } else {
          throw new IllegalArgumentException("bad index [" + inner + "] in field '" + text + "'");
        }
        i = close + 1;
      } else {
        name.append(c);
        i++;
      }
    }
    if (name.length() > 0) {
      out.add(new Name(name.toString()));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("empty field path");
    }
    return new FieldPath(text, out);
  }

  private static void flush(StringBuilder name, List<Segment> out, String text, int at) {
    if (name.length() > 0) {
      out.add(new Name(name.toString()));
      name.setLength(0);
    } else if (at == 0) {
      throw new IllegalArgumentException("field '" + text + "' starts with '.'");
    }
  }

  public String text() {
    return text;
  }

  /** The segments: a key, or {@code null} for {@code [*]} and {@code [n]} (for schema checks). */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    for (Segment s : segments) {
      out.add(s instanceof Name n ? n.name() : null);
    }
    return out;
  }

  /** True when the path contains {@code [*]} and may yield many values. */
  public boolean isMulti() {
    return multi;
  }

  /** True when this path ends in {@code [*]} (a count target). */
  public boolean endsWithWildcard() {
    return segments.get(segments.size() - 1) instanceof Wildcard;
  }

  /** The single value, or {@link MissingNode} (for a multi path: the first value). */
  public JsonNode resolveOne(JsonNode root) {
    JsonNode cur = root;
    for (Segment s : segments) {
      cur = step(cur, s);
      if (cur == null || cur.isMissingNode()) {
        return MissingNode.getInstance();
      }
    }
    return cur;
  }

  /**
   * Every value the path yields (for a plain path: zero or one). Below a {@code [*]}, an element that
   * lacks the rest of the path yields {@link MissingNode}, so {@code x[*].y} tests every element of
   * {@code x}, including those without {@code y}.
   */
  public List<JsonNode> resolveAll(JsonNode root) {
    List<JsonNode> out = new ArrayList<>();
    walk(root, 0, false, out::add);
    return out;
  }

  private void walk(JsonNode cur, int idx, boolean belowWildcard, Consumer<JsonNode> sink) {
    if (cur == null || cur.isMissingNode() || cur.isNull()) {
      if (belowWildcard) {
        sink.accept(MissingNode.getInstance());
      }
      return;
    }
    if (idx == segments.size()) {
      sink.accept(cur);
      return;
    }
    Segment s = segments.get(idx);
    if (s instanceof Wildcard) {
      if (cur.isArray()) {
        for (JsonNode e : cur) {
          walk(e, idx + 1, true, sink);
        }
      }
    } else {
      walk(step(cur, s), idx + 1, belowWildcard, sink);
    }
  }

  private static JsonNode step(JsonNode cur, Segment s) {
    return switch (s) {
      case Name n -> cur.get(n.name());
      case Index ix -> cur.isArray() ? cur.get(ix.index()) : null;
      case Wildcard w -> null;
    };
  }

  /**
   * Key lookup, exact first, then case-insensitive; used by {@code containsKey} and object equality.
   * Paths themselves are case-sensitive (inventory keys are fixed; alias names are not).
   */
  static JsonNode lookup(JsonNode obj, String key) {
    JsonNode v = obj.get(key);
    if (v != null) {
      return v;
    }
    var it = obj.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (k.equalsIgnoreCase(key)) {
        return obj.get(k);
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return text;
  }
}
