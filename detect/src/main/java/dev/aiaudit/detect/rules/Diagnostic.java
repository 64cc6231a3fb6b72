package dev.aiaudit.detect.rules;

import dev.aiaudit.model.text.SafeText;
import java.util.Objects;

/**
 * One problem in a rule file, with a stable {@link Code} (Falco's load result codes), the position
 * (1-based line and column) and the offending source line, quoted safely.
 *
 * @param file the file as the user named it
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param code stable code
 * @param message what is wrong; for a condition: {@code rule <id>: <CEL error>}
 * @param sourceLine the raw source line, or {@code null}
 */
public record Diagnostic(String file, int line, int column, Code code, String message, String sourceLine) {

  /** Stable problem codes. */
  public enum Code {
    READ_FILE,
    YAML_PARSE,
    SCHEMA,
    DUPLICATE_ID,
    COMPILE_CONDITION,
    COMPILE_MACRO,
    MACRO_CYCLE,
    UNKNOWN_FIELD,
    EXAMPLE
  }

  public Diagnostic {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /** {@code ERROR: file:line:col: message}, control characters escaped. */
  public String format() {
    return "ERROR: " + SafeText.escape(file) + ":" + line + ":" + column + ": " + SafeText.capped(message, 2000);
  }

  /** {@link #format()}, then the source line and a caret under the column when the line is known. */
  public String render() {
    if (sourceLine == null) {
      return format();
    }
    SafeText.Excerpt e = SafeText.excerpt(sourceLine, column, SafeText.DEFAULT_EXCERPT);
    return format() + "\n    " + e.text() + "\n    " + SafeText.caretLine(e);
  }
}
