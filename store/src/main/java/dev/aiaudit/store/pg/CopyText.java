package dev.aiaudit.store.pg;

/**
 * PostgreSQL's {@code COPY ... FROM STDIN} text format: columns separated by tabs, rows by newlines, {@code \N} for
 * NULL, and backslash, tab, newline and carriage return escaped. Other control characters pass as they are (COPY
 * reads them back unchanged); a NUL, which no text column can hold, fails the COPY and so the whole poll.
 */
final class CopyText {
  private final StringBuilder b = new StringBuilder(1 << 16);
  private boolean first = true;

  void field(Object v) {
    if (!first) {
      b.append('\t');
    }
    first = false;
    if (v == null) {
      b.append("\\N");
      return;
    }
    String s = v.toString();
    int first = firstSpecial(s);
    if (first < 0) {
      b.append(s); // the common case: one bulk copy
      return;
    }
    b.append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
    }
  }

  private static int firstSpecial(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
        return i;
      }
    }
    return -1;
  }

  void endRow() {
    b.append('\n');
    first = true;
  }

  /** The rows as UTF-8, what COPY reads (the session's client encoding is UTF8). */
  byte[] bytes() {
    return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
