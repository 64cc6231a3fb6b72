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
    for (int i = 0; i < s.length(); i++) {
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

  void endRow() {
    b.append('\n');
    first = true;
  }

  String text() {
    return b.toString();
  }
}
