package dev.aiaudit.policy.inventory;

import dev.aiaudit.model.text.SafeText;
import java.util.Objects;

/**
 * A problem in an input file (manifest, model card, observation line), with a stable code and a 1-based
 * position. {@link #format()} gives {@code ERROR: <file>:<line>:<col>: message}.
 *
 * @param severity {@code ERROR} (the document was skipped) or {@code WARNING} (read, but incomplete)
 * @param sourceLine the offending line of the input, or null when not known
 */
public record ManifestIssue(
    String severity, String code, String file, int line, int column, String message, String sourceLine) {

  public ManifestIssue {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  public static ManifestIssue error(String code, String file, int line, int column, String message) {
    return new ManifestIssue("ERROR", code, file, line, column, message, null);
  }

  public static ManifestIssue warning(String code, String file, int line, int column, String message) {
    return new ManifestIssue("WARNING", code, file, line, column, message, null);
  }

  /** The same issue showing {@code text} as its source line. */
  public ManifestIssue withSource(String text) {
    return new ManifestIssue(severity, code, file, line, column, message, text);
  }

  /** {@link #format()}, then the source line and a caret under the column when the line is known. */
  public String render() {
    if (sourceLine == null) {
      return format();
    }
    SafeText.Excerpt e = SafeText.excerpt(sourceLine, column, SafeText.DEFAULT_EXCERPT);
    return format() + "\n    " + e.text() + "\n    " + SafeText.caretLine(e);
  }

  /** {@code ERROR: file:line:col: message [CODE]}, control characters escaped, the message capped. */
  public String format() {
    return severity + ": " + SafeText.escape(file) + ":" + line + ":" + column + ": "
        + SafeText.capped(message, MAX_MESSAGE) + " [" + code + "]";
  }

  /** Characters of a message quoted (a parser's message may quote the input). */
  static final int MAX_MESSAGE = 300;
}
