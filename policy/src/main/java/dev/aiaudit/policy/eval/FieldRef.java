package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;

/**
 * A field operand after alias resolution: either absolute (from the item root) or relative to the
 * element of an enclosing field {@code count} (Azure: inside {@code where}, {@code x[*].y} means the
 * current element's {@code y}).
 */
final class FieldRef {
  private final String text;
  private final FieldPath path;
  private final int depth;
  private final boolean wholeElement;

  private FieldRef(String text, FieldPath path, int depth, boolean wholeElement) {
    this.text = text;
    this.path = path;
    this.depth = depth;
    this.wholeElement = wholeElement;
  }

  static FieldRef compile(String field, CompileScope scope) {
    String resolved = scope.aliases().resolve(field);
    List<String> prefixes = scope.countPrefixes();
    for (int d = prefixes.size() - 1; d >= 0; d--) {
      String p = prefixes.get(d);
      if (resolved.equalsIgnoreCase(p)) {
        return new FieldRef(field, null, d, true);
      }
      if (resolved.length() > p.length() && resolved.regionMatches(true, 0, p, 0, p.length())) {
        char next = resolved.charAt(p.length());
        if (next == '.' || next == '[') {
          String rest = resolved.substring(p.length() + (next == '.' ? 1 : 0));
          return new FieldRef(field, FieldPath.parse(rest), d, false);
        }
      }
    }
    return new FieldRef(field, FieldPath.parse(resolved), -1, false);
  }

  String text() {
    return text;
  }

  /** True when the field yields many values ({@code [*]} outside the enclosing count's prefix). */
  boolean isMulti() {
    return path != null && path.isMulti();
  }

  JsonNode base(EvalContext ctx) {
    return depth < 0 ? ctx.root() : ctx.fieldElement(depth);
  }

  JsonNode resolveOne(EvalContext ctx) {
    JsonNode base = base(ctx);
    if (wholeElement) {
      return base == null ? MissingNode.getInstance() : base;
    }
    return path.resolveOne(base);
  }

  List<JsonNode> resolveAll(EvalContext ctx) {
    if (wholeElement) {
      return List.of(base(ctx));
    }
    return path.resolveAll(base(ctx));
  }

  @Override
  public String toString() {
    return text;
  }
}
