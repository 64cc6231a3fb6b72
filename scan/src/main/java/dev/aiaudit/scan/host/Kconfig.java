package dev.aiaudit.scan.host;

import dev.aiaudit.model.text.SafeText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed kernel config: {@code CONFIG_X=v} gives {@code v}, {@code # CONFIG_X is not set} gives
 * {@code is not set}, an option not mentioned is absent. The version comes from the
 * {@code # Linux/ARCH X.Y.Z Kernel Configuration} header.
 *
 * @param options option name without the {@code CONFIG_} prefix to value
 */
public record Kconfig(Map<String, String> options, Optional<int[]> version) {
  private static final String HEADER_START = "# Linux/";
  private static final String HEADER_END = " Kernel Configuration";
  private static final Class<?> READ_ONLY = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

  public Kconfig {
    // parse() hands over a read-only view of the map it built and keeps no reference; anything else is copied
    // (a distribution config has ~10,000 options: copying them again costs a scan's start-up a few milliseconds)
    options = options.getClass() == READ_ONLY ? options : Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** An empty config: every option absent (used when a sysctl check looks at a missing kconfig). */
  public static Kconfig empty() {
    return new Kconfig(Map.of(), Optional.empty());
  }

  /** Parses kconfig text; a malformed or duplicated option is an {@link IllegalArgumentException}. */
  public static Kconfig parse(String text) {
    // sized for about one option per 24 characters (a real config has one per ~33): no rehashing while it fills
    Map<String, String> options = LinkedHashMap.newLinkedHashMap(Math.max(16, text.length() / 24));
    int[] version = null;
    int lineNo = 0;
    int n = text.length();
    // line by line without an array of every line first (a distribution config has ~10,000 of them)
    for (int start = 0, end = -1; end < n; start = end + 1) {
      end = text.indexOf('\n', start);
      if (end < 0) {
        end = n;
      }
      lineNo++;
      // the line's non-blank span [s, e) (String.strip's blanks), read in place: no copy of each line
      int s = start;
      int e = end;
      while (s < e && Character.isWhitespace(text.charAt(s))) {
        s++;
      }
      while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
        e--;
      }
      int[] header;
      String name = null;
      String value = null;
      int eq;
      if (text.startsWith("CONFIG_", s) && (eq = text.indexOf('=', s + 7, e)) > s + 7 && isName(text, s + 7, eq)) {
        name = text.substring(s + 7, eq);
        value = text.substring(eq + 1, e);
      } else if (text.startsWith("# CONFIG_", s) && e - s > 20 && text.startsWith(" is not set", e - 11)
          && isName(text, s + 9, e - 11)) {
        name = text.substring(s + 9, e - 11);
        value = "is not set";
      } else if (s == e || text.charAt(s) == '#') {
        if (version == null && text.startsWith(HEADER_START, s) && (header = headerVersion(text.substring(s, e))) != null) {
          version = header;
        }
      } else {
        throw new IllegalArgumentException(lineNo + ":" + (s - start + 1) + ": unexpected line in kernel config: "
            + SafeText.excerpt(text.substring(s, e), 1, SafeText.DEFAULT_EXCERPT).text());
      }
      if (name != null && options.put(name, value) != null) {
        throw new IllegalArgumentException(lineNo + ": option CONFIG_" + name + " appears more than once");
      }
    }
    return new Kconfig(Collections.unmodifiableMap(options), Optional.ofNullable(version));
  }

  /**
   * The version of a {@code # Linux/ARCH MAJOR.MINOR[.PATCH][SUFFIX] Kernel Configuration} header line (ARCH and the
   * version without blanks; the patch level 0 when absent), or {@code null} when the line is not such a header.
   * Read by hand rather than with a regex: compiling the pattern cost more than parsing the whole config.
   */
  static int[] headerVersion(String line) {
    if (!line.startsWith(HEADER_START) || !line.endsWith(HEADER_END)) {
      return null;
    }
    String mid = line.substring(HEADER_START.length(), line.length() - HEADER_END.length());
    int space = mid.indexOf(' ');
    if (space <= 0 || hasBlank(mid, 0, space) || hasBlank(mid, space + 1, mid.length())) {
      return null;
    }
    String v = mid.substring(space + 1);
    int[] out = new int[3];
    int at = 0;
    for (int part = 0; part < 3; part++) {
      if (part > 0) {
        if (at + 1 >= v.length() || v.charAt(at) != '.' || !isDigit(v.charAt(at + 1))) {
          if (part == 2) {
            break; // no patch level: the rest is a suffix
          }
          return null;
        }
        at++;
      }
      int start = at;
      while (at < v.length() && isDigit(v.charAt(at))) {
        at++;
      }
      if (at == start || at - start > 9) {
        return null;
      }
      out[part] = Integer.parseInt(v, start, at, 10);
    }
    return out;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean hasBlank(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** 1-based column of the first non-blank character. */
  static int column(String raw) {
    int i = 0;
    while (i < raw.length() && Character.isWhitespace(raw.charAt(i))) {
      i++;
    }
    return i + 1;
  }

  private static boolean isName(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return to > from;
  }

  /** The option's value, {@code null} when the config does not mention it. */
  public String get(String name) {
    return options.get(name);
  }

  /** Architecture named by the config ({@code X86_64}, {@code ARM64}, ...), if any. */
  public Optional<String> arch() {
    for (String a : new String[] {"X86_64", "X86_32", "ARM64", "ARM", "RISCV"}) {
      if ("y".equals(options.get(a))) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
