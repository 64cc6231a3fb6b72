package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-evaluation state: the item (or evidence object) being judged, the evaluation instant, and the
 * elements bound by enclosing {@code count} expressions. Not thread-safe; one per evaluation thread.
 */
public final class EvalContext {
  private final JsonNode root;
  private final Instant now;
  private final List<JsonNode> fieldElements = new ArrayList<>();
  private final List<String> valueNames = new ArrayList<>();
  private final List<JsonNode> valueElements = new ArrayList<>();
  private JsonNode nowText;

  public EvalContext(JsonNode root, Instant now) {
    this.root = root;
    this.now = now;
  }

  public JsonNode root() {
    return root;
  }

  public Instant now() {
    return now;
  }

  /** {@code utcNow()} as text, computed once per context. */
  JsonNode nowText() {
    if (nowText == null) {
      nowText = com.fasterxml.jackson.databind.node.TextNode.valueOf(now.toString());
    }
    return nowText;
  }

  /** A new context over another document (evidence objects) at the same instant. */
  public EvalContext over(JsonNode other) {
    return new EvalContext(other, now);
  }

  void pushField(JsonNode element) {
    fieldElements.add(element);
  }

  void popField() {
    fieldElements.remove(fieldElements.size() - 1);
  }

  /** The element of the count at nesting depth {@code depth} (0 = outermost field count). */
  JsonNode fieldElement(int depth) {
    return fieldElements.get(depth);
  }

  void pushValue(String name, JsonNode element) {
    valueNames.add(name);
    valueElements.add(element);
  }

  void popValue() {
    valueNames.remove(valueNames.size() - 1);
    valueElements.remove(valueElements.size() - 1);
  }

  /** The current element of the innermost value count named {@code name} (or innermost when empty). */
  JsonNode current(String name) {
    for (int i = valueNames.size() - 1; i >= 0; i--) {
      if (name.isEmpty() || valueNames.get(i).equalsIgnoreCase(name)) {
        return valueElements.get(i);
      }
    }
    if (name.isEmpty() && !fieldElements.isEmpty()) {
      return fieldElements.get(fieldElements.size() - 1);
    }
    throw new EvalException("current('" + name + "') used outside a count over '" + name + "'");
  }
}
