package dev.aiaudit.scan.content;

/**
 * One problem in a content file.
 *
 * @param code stable code, e.g. {@code SCHEMA}, {@code YAML}, {@code DUPLICATE_ID}, {@code UNKNOWN_CHECK}
 * @param sourceLine the offending line of the file ({@code ""} when unknown)
 */
public record ContentIssue(String code, String file, int line, int column, String message, String sourceLine) {

  /** {@code ERROR: file:line:col: message}, then the source line and a caret under the column. */
  public String format() {
    StringBuilder b = new StringBuilder("ERROR: ").append(file).append(':').append(line).append(':')
        .append(column).append(": ").append(message).append(" [").append(code).append(']');
    if (!sourceLine.isEmpty()) {
      b.append("\n | ").append(sourceLine).append("\n | ").append(" ".repeat(Math.max(0, column - 1))).append('^');
    }
    return b.toString();
  }
}
