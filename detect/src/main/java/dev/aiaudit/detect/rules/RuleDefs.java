package dev.aiaudit.detect.rules;

import dev.aiaudit.model.AlertSeverity;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The definitions a rule file holds, as read (before compilation), each with its source position. */
public final class RuleDefs {
  private RuleDefs() {}

  /** Where something is in a file (1-based line and column). */
  public record Pos(String file, int line, int column) {}

  /**
   * A CEL text and how its own line/column map back into the file.
   *
   * @param text the condition
   * @param pos where the scalar starts
   * @param contentLine 1-based file line of the text's first line
   * @param contentColumn 1-based file column of the text's first character on single-line scalars; 0
   *     for block scalars (each line's indentation is then the offset)
   * @param exact whether line/column mapping is exact (false for folded/multi-line plain scalars)
   */
  public record Condition(String text, Pos pos, int contentLine, int contentColumn, boolean exact) {

    /** File position of the CEL 1-based line and 0-based column. */
    Pos map(int celLine, int celColumn0, List<String> sourceLines) {
      if (!exact) {
        return pos;
      }
      if (contentColumn > 0) {
        return new Pos(pos.file(), contentLine, contentColumn + celColumn0);
      }
      int line = contentLine + Math.max(0, celLine - 1);
      // a block scalar's indentation is that of its first content line; deeper lines keep the rest
      String src = contentLine - 1 < sourceLines.size() ? sourceLines.get(contentLine - 1) : "";
      int indent = 0;
      while (indent < src.length() && src.charAt(indent) == ' ') {
        indent++;
      }
      return new Pos(pos.file(), line, indent + celColumn0 + 1);
    }
  }

  /** A named list of strings, usable in conditions ({@code proc.exe in approved_loaders}). */
  public record ListDef(String name, List<String> items, Pos pos) {}

  /** A named boolean condition, usable in conditions and other macros. */
  public record MacroDef(String name, Condition condition, Pos pos) {}

  /**
   * A structured exception (Falco's): the rule does not fire when, for one of the value tuples,
   * every field compares true with its value.
   *
   * @param comps one comparison per field: {@code =}, {@code !=}, {@code startswith}, {@code endswith},
   *     {@code contains}, {@code in} (the value is a list)
   */
  public record ExceptionDef(String name, List<String> fields, List<String> comps, List<List<Object>> values, Pos pos) {}

  /** An example record: field id to value, with its position. */
  public record Example(Map<String, Object> fields, Pos pos) {}

  /** A rule as written. */
  public record RuleDef(
      String id,
      String title,
      String description,
      AlertSeverity severity,
      Condition condition,
      List<String> tags,
      List<ExceptionDef> exceptions,
      Duration throttle,
      int throttleMax,
      List<String> groupBy,
      boolean enabled,
      List<Example> match,
      List<Example> noMatch,
      Pos pos) {}

  /** What one file defines. */
  public record FileDefs(String file, List<String> lines, List<ListDef> lists, List<MacroDef> macros, List<RuleDef> rules) {}
}
