package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;

/**
 * A field operand after alias resolution: either absolute (from the item root) or relative to the
 * element of an enclosing field {@code count} (Azure: inside {@code where}, {@code x[*].y} means the
 * current element's {@code y}). A field naming an unknown alias, where the compile scope tolerates it,
 * throws {@link UnknownValue} when read: the verdict is unknown, never compliant.
 */
final class FieldRef {
  private final String text;
  private final FieldPath path;
  private final int depth;
  private final boolean wholeElement;
  private final boolean location;
  private final boolean unknown;

  private FieldRef(String text, FieldPath path, int depth, boolean wholeElement, boolean location, boolean unknown) {
    this.text = text;
    this.path = path;
    this.depth = depth;
    this.wholeElement = wholeElement;
    this.location = location;
    this.unknown = unknown;
  }

  /** A field naming an alias that is not known, refused at load unless the scope is lenient. */
  static final class UnknownAlias extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnknownAlias(String field) {
      super("unknown alias '" + field + "': not in aliases.json, not an Azure field with an inventory counterpart"
          + " (type, kind, name, fullName, id, location, tags) and not a path of the inventory item schema");
    }
  }

  static FieldRef compile(String field, CompileScope scope) {
    Aliases.Resolution r = scope.aliases().lookup(field);
    String resolved = r.path();
    if (!r.known() && scope.fieldCheck() != CompileScope.FieldCheck.OFF) {
      if (scope.fieldCheck() == CompileScope.FieldCheck.STRICT) {
        throw new UnknownAlias(field);
      }
      scope.noteUnknownAlias(field);
      return new FieldRef(field, FieldPath.parse(resolved), -1, false, false, true);
    }
    List<String> prefixes = scope.countPrefixes();
    for (int d = prefixes.size() - 1; d >= 0; d--) {
      String p = prefixes.get(d);
      if (resolved.equalsIgnoreCase(p)) {
        return new FieldRef(field, null, d, true, r.location(), false);
      }
      if (resolved.length() > p.length() && resolved.regionMatches(true, 0, p, 0, p.length())) {
        char next = resolved.charAt(p.length());
        if (next == '.' || next == '[') {
          String rest = resolved.substring(p.length() + (next == '.' ? 1 : 0));
          return new FieldRef(field, FieldPath.parse(rest), d, false, r.location(), false);
        }
      }
    }
    return new FieldRef(field, FieldPath.parse(resolved), -1, false, r.location(), false);
  }

  String text() {
    return text;
  }

  /** True when the field yields many values ({@code [*]} outside the enclosing count's prefix). */
  boolean isMulti() {
    return path != null && path.isMulti();
  }

  /** True for a tolerated unknown alias (reading it throws {@link UnknownValue}). */
  boolean unknown() {
    return unknown;
  }

  /** True when relative to an enclosing field count's element. */
  boolean relative() {
    return depth >= 0;
  }

  /** Azure's {@code location}: compared normalised ("West Europe" equals "westeurope"). */
  boolean location() {
    return location;
  }

  JsonNode base(EvalContext ctx) {
    return depth < 0 ? ctx.root() : ctx.fieldElement(depth);
  }

  JsonNode resolveOne(EvalContext ctx) {
    if (unknown) {
      throw new UnknownValue("field '" + text + "' names an unknown alias");
    }
    JsonNode base = base(ctx);
    if (wholeElement) {
      return base == null ? MissingNode.getInstance() : base;
    }
    return path.resolveOne(base);
  }

  List<JsonNode> resolveAll(EvalContext ctx) {
    if (unknown) {
      throw new UnknownValue("field '" + text + "' names an unknown alias");
    }
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
