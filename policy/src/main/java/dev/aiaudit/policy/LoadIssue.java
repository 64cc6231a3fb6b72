package dev.aiaudit.policy;

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

  /** {@code ERROR: file:line:col: CODE message (at $.path)} then the source line and a caret. */
  public String format() {
    StringBuilder b = new StringBuilder("ERROR: ").append(file);
    if (line > 0) {
      b.append(':').append(line).append(':').append(column);
    }
    b.append(": ").append(code).append(' ').append(message);
    if (!jsonPath.isEmpty()) {
      b.append(" (at ").append(jsonPath).append(')');
    }
    if (!sourceLine.isEmpty()) {
      b.append('\n').append(" | ").append(sourceLine).append('\n').append(" | ");
      b.append(" ".repeat(Math.max(0, column - 1))).append('^');
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
