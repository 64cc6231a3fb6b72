package dev.aiaudit.model.text;

import java.util.Objects;

/**
 * One problem in an input file (configuration, scan content, policy content, manifest, model card, observation
 * line), the one layout every loader reports: a stable code, the file, a 1-based position, the message, and the
 * offending source line for a caret under the column.
 *
 * @param level {@link Level#ERROR} (the input, or that part of it, was not used) or {@link Level#WARNING}
 * @param code stable code ({@code SCHEMA}, {@code POL003}, {@code YAML_SYNTAX})
 * @param file the file as given (a path, {@code classpath:...})
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param message what is wrong
 * @param path where in the document ({@code $.properties.policyRule}, {@code /checks/3}), {@code ""} when not known
 * @param sourceLine the text of the line, {@code ""} when not known
 */
public record Diagnostic(
    Level level, String code, String file, int line, int column, String message, String path, String sourceLine) {

  /** Characters of a message or path quoted (a parser's message may quote the input). */
  public static final int MAX_MESSAGE = 300;

  public Diagnostic {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
    path = path == null ? "" : path;
    sourceLine = sourceLine == null ? "" : sourceLine;
    line = Math.max(0, line);
    column = Math.max(0, column);
  }

  /** An error at {@code line:column} of {@code file}, without a source line. */
  public static Diagnostic error(String code, String file, int line, int column, String message) {
    return new Diagnostic(Level.ERROR, code, file, line, column, message, "", "");
  }

  /** A warning at {@code line:column} of {@code file}, without a source line. */
  public static Diagnostic warning(String code, String file, int line, int column, String message) {
    return new Diagnostic(Level.WARNING, code, file, line, column, message, "", "");
  }

  /** The same problem showing {@code text} as its source line. */
  public Diagnostic withSource(String text) {
    return new Diagnostic(level, code, file, line, column, message, path, text);
  }

  /** The same problem at {@code path} of the document. */
  public Diagnostic at(String documentPath) {
    return new Diagnostic(level, code, file, line, column, message, documentPath, sourceLine);
  }

  /** True for {@link Level#ERROR}. */
  public boolean isError() {
    return level == Level.ERROR;
  }

  /**
   * {@code LEVEL: file:line:col: message (at path) [CODE]} (the position only when known), control characters
   * escaped and the message capped.
   */
  public String headline() {
    StringBuilder b = new StringBuilder(level.name()).append(": ").append(SafeText.escape(file));
    if (line > 0) {
      b.append(':').append(line).append(':').append(Math.max(1, column));
    }
    b.append(": ").append(SafeText.capped(message, MAX_MESSAGE));
    if (!path.isEmpty()) {
      b.append(" (at ").append(SafeText.capped(path, MAX_MESSAGE)).append(')');
    }
    return b.append(" [").append(code).append(']').toString();
  }

  /**
   * {@link #headline()}, then, when the line is known, at most {@value SafeText#DEFAULT_EXCERPT} characters of it
   * around the column and a caret under the column.
   */
  public String format() {
    if (sourceLine.isEmpty() || line == 0) {
      return headline();
    }
    SafeText.Excerpt e = SafeText.excerpt(sourceLine, Math.max(1, column), SafeText.DEFAULT_EXCERPT);
    return headline() + "\n | " + e.text() + "\n | " + SafeText.caretLine(e);
  }

  @Override
  public String toString() {
    return format();
  }

  /** How bad a problem is. */
  public enum Level {
    ERROR,
    WARNING
  }
}
