package dev.aiaudit.server.dashboard;

import dev.aiaudit.model.text.SafeText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one way text reaches a page: every value goes through {@link #esc}, which escapes the five HTML-significant
 * characters and writes control characters as visible escapes, so a file path or manifest name holding markup is
 * shown, never run. Builders append; nothing else concatenates markup with data.
 */
final class Html {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private final StringBuilder sb = new StringBuilder(4096);

  /** Appends markup written in this code (never data). */
  Html raw(String markup) {
    sb.append(markup);
    return this;
  }

  /** Appends a value as text. */
  Html text(Object value) {
    sb.append(esc(value));
    return this;
  }

  /** {@code <tag class="cls">value</tag>}, the value escaped. */
  Html el(String tag, String cls, Object value) {
    sb.append('<').append(tag);
    if (cls != null) {
      sb.append(" class=\"").append(esc(cls)).append('"');
    }
    sb.append('>').append(esc(value)).append("</").append(tag).append('>');
    return this;
  }

  /** A table cell holding a value. */
  Html td(Object value) {
    return el("td", null, value);
  }

  /** A link whose target and text are both escaped. */
  Html link(String href, Object text) {
    sb.append("<a href=\"").append(esc(href)).append("\">").append(esc(text)).append("</a>");
    return this;
  }

  @Override
  public String toString() {
    return sb.toString();
  }

  /** Escapes for HTML text and (double-quoted) attribute values; control characters become visible escapes. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = SafeText.escape(String.valueOf(value));
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A URL query value, percent-encoded. */
  static String q(String value) {
    return java.net.URLEncoder.encode(value == null ? "" : value, java.nio.charset.StandardCharsets.UTF_8);
  }

  static String time(long epochNs) {
    return TIME.format(Instant.ofEpochSecond(0, epochNs)) + " UTC";
  }

  /**
   * JSON for a {@code <script type="application/json">} block: {@code <}, {@code >} and {@code &} are written as
   * unicode escapes so no string in it can close the element.
   */
  static String scriptJson(String json) {
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }
}
