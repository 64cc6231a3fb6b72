package dev.aiaudit.model.text;

/**
 * Makes untrusted text safe to print: no control character reaches a terminal raw, and a quote of an
 * input line is capped around the column it points at.
 *
 * <p>Escapes: {@code \n \r \t} by name, other C0 controls, DEL and C1 controls as {@code \xNN}, and the
 * Unicode bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069) and line/paragraph
 * separators as {@code \}{@code uNNNN}, so text cannot reorder or hide what follows it.
 */
public final class SafeText {

  /** Characters of an input line quoted around the column an error points at. */
  public static final int DEFAULT_EXCERPT = 200;

  private SafeText() {}

  /** {@code s} with every control character escaped; {@code null} becomes {@code "null"}. */
  public static String escape(CharSequence s) {
    if (s == null) {
      return "null";
    }
    int n = s.length();
    int i = 0;
    while (i < n && !needsEscape(s.charAt(i))) {
      i++;
    }
    if (i == n) {
      return s.toString();
    }
    StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
    for (; i < n; i++) {
      appendEscaped(b, s.charAt(i));
    }
    return b.toString();
  }

  /** {@link #escape} and then at most {@code max} characters, with {@code …(N more)} when cut. */
  public static String capped(CharSequence s, int max) {
    if (s == null) {
      return "null";
    }
    if (s.length() <= max) {
      return escape(s);
    }
    return escape(s.subSequence(0, max)) + "…(" + (s.length() - max) + " more characters)";
  }

  /** Whether {@code c} is printed escaped. */
  public static boolean needsEscape(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
  }

  /**
   * A window of at most {@code width} characters of {@code line} around the 1-based {@code column},
   * escaped, with the caret column recomputed for the escaped window. Cut ends are marked with
   * {@code …}.
   */
  public static Excerpt excerpt(String line, int column, int width) {
    if (line == null) {
      return new Excerpt("", 1);
    }
    int col0 = Math.max(0, Math.min(column - 1, line.length()));
    int from = 0;
    int to = line.length();
    if (to > width) {
      from = Math.max(0, col0 - width / 2);
      to = Math.min(line.length(), from + width);
      from = Math.max(0, to - width);
    }
    StringBuilder b = new StringBuilder();
    if (from > 0) {
      b.append('…');
    }
    int caret = -1;
    for (int i = from; i < to; i++) {
      if (i == col0) {
        caret = b.length();
      }
      appendEscaped(b, line.charAt(i));
    }
    if (caret < 0) {
      caret = b.length();
    }
    if (to < line.length()) {
      b.append('…');
    }
    return new Excerpt(b.toString(), caret + 1);
  }

  /** The line under an excerpt: spaces up to the caret column, then {@code ^}. */
  public static String caretLine(Excerpt e) {
    return " ".repeat(Math.max(0, e.caretColumn() - 1)) + "^";
  }

  private static void appendEscaped(StringBuilder b, char c) {
    if (!needsEscape(c)) {
      b.append(c);
      return;
    }
    switch (c) {
      case '\n' -> b.append("\\n");
      case '\r' -> b.append("\\r");
      case '\t' -> b.append("\\t");
      default -> {
        if (c <= 0xff) {
          b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
        } else {
          b.append(String.format("\\u%04x", (int) c));
        }
      }
    }
  }

  /**
   * A safe quote of part of a line.
   *
   * @param text the escaped window
   * @param caretColumn 1-based column of the pointed-at character within {@code text}
   */
  public record Excerpt(String text, int caretColumn) {}
}
