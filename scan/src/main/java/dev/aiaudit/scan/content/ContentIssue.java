package dev.aiaudit.scan.content;

import dev.aiaudit.model.text.SafeText;

/**
 * One problem in a content file.
 *
 * @param code stable code, e.g. {@code SCHEMA}, {@code YAML}, {@code DUPLICATE_ID}, {@code UNKNOWN_CHECK}
 * @param sourceLine the offending line of the file ({@code ""} when unknown)
 */
public record ContentIssue(String code, String file, int line, int column, String message, String sourceLine) {

  /** Characters of a message quoted (a parser's message may quote the input). */
  static final int MAX_MESSAGE = 300;

  /**
   * {@code ERROR: file:line:col: message}, then at most {@value SafeText#DEFAULT_EXCERPT} characters of the
   * source line around the column and a caret under it; control characters are escaped everywhere.
   */
  public String format() {
    StringBuilder b = new StringBuilder("ERROR: ").append(SafeText.escape(file)).append(':').append(line).append(':')
        .append(column).append(": ").append(SafeText.capped(message, MAX_MESSAGE)).append(" [").append(code).append(']');
    if (!sourceLine.isEmpty()) {
      SafeText.Excerpt e = SafeText.excerpt(sourceLine, column, SafeText.DEFAULT_EXCERPT);
      b.append("\n | ").append(e.text()).append("\n | ").append(SafeText.caretLine(e));
    }
    return b.toString();
  }
}
