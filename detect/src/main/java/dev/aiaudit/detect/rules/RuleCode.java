package dev.aiaudit.detect.rules;

import dev.aiaudit.model.text.Diagnostic;

/**
 * Stable codes of rule-file problems (Falco's load result codes). The problems themselves are the
 * shared {@link Diagnostic} every loader reports (configuration, scan, policy): one layout, {@code
 * ERROR: file:line:col: message [CODE]}, the source line and a caret under the column.
 */
public enum RuleCode {
  READ_FILE,
  YAML_PARSE,
  SCHEMA,
  DUPLICATE_ID,
  COMPILE_CONDITION,
  COMPILE_MACRO,
  MACRO_CYCLE,
  UNKNOWN_FIELD,
  EXAMPLE;

  /**
   * An error of this code at {@code line:column} of {@code file} (0 = unknown), showing {@code
   * sourceLine} (or none when {@code null}); for a condition the message is {@code rule <id>: <CEL error>}.
   */
  public Diagnostic at(String file, int line, int column, String message, String sourceLine) {
    return new Diagnostic(Diagnostic.Level.ERROR, name(), file, line, column, message, "", sourceLine);
  }
}
