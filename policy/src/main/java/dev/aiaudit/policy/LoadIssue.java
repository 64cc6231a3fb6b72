package dev.aiaudit.policy;

import dev.aiaudit.model.text.SafeText;

/**
 * One problem in a content file (definition, initiative, attestation, exemption, evidence).
 *
 * @param code stable code ({@code POL001}); see {@link #format()} for the rendered form
 * @param file the file as given (path or {@code classpath:...})
 * @param jsonPath JSON path of the offending node ({@code $.properties.policyRule.if.allOf[1]})
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param message what is wrong
 * @param sourceLine the text of the line, empty when unknown
 */
public record LoadIssue(
    String code, String file, String jsonPath, int line, int column, String message, String sourceLine) {

  /**
   * {@code ERROR: file:line:col: CODE message (at $.path)} then at most 200 characters of the source line
   * around the column and a caret; control characters are escaped everywhere.
   */
  public String format() {
    StringBuilder b = new StringBuilder("ERROR: ").append(SafeText.escape(file));
    if (line > 0) {
      b.append(':').append(line).append(':').append(column);
    }
    b.append(": ").append(code).append(' ').append(SafeText.capped(message, MAX_MESSAGE));
    if (!jsonPath.isEmpty()) {
      b.append(" (at ").append(SafeText.capped(jsonPath, MAX_MESSAGE)).append(')');
    }
    if (!sourceLine.isEmpty()) {
      SafeText.Excerpt e = SafeText.excerpt(sourceLine, column, SafeText.DEFAULT_EXCERPT);
      b.append('\n').append(" | ").append(e.text()).append('\n').append(" | ").append(SafeText.caretLine(e));
    }
    return b.toString();
  }

  /** Characters of a message or path quoted (a parser's message may quote the input). */
  static final int MAX_MESSAGE = 300;

  @Override
  public String toString() {
    return format();
  }
}
