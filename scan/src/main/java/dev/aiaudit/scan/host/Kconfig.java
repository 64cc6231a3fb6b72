package dev.aiaudit.scan.host;

import dev.aiaudit.model.text.SafeText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed kernel config: {@code CONFIG_X=v} gives {@code v}, {@code # CONFIG_X is not set} gives
 * {@code is not set}, an option not mentioned is absent. The version comes from the
 * {@code # Linux/ARCH X.Y.Z Kernel Configuration} header.
 *
 * @param options option name without the {@code CONFIG_} prefix to value
 */
public record Kconfig(Map<String, String> options, Optional<int[]> version) {
  private static final Pattern HEADER = Pattern.compile("# Linux/\\S+ (\\d+)\\.(\\d+)(?:\\.(\\d+))?\\S* Kernel Configuration");

  public Kconfig {
    options = Map.copyOf(options);
  }

  /** An empty config: every option absent (used when a sysctl check looks at a missing kconfig). */
  public static Kconfig empty() {
    return new Kconfig(Map.of(), Optional.empty());
  }

  /** Parses kconfig text; a malformed or duplicated option is an {@link IllegalArgumentException}. */
  public static Kconfig parse(String text) {
    Map<String, String> options = new LinkedHashMap<>();
    int[] version = null;
    int lineNo = 0;
    int n = text.length();
    // line by line without an array of every line first (a distribution config has ~10,000 of them)
    for (int start = 0, end = -1; end < n; start = end + 1) {
      end = text.indexOf('\n', start);
      if (end < 0) {
        end = n;
      }
      String raw = text.substring(start, end);
      lineNo++;
      String line = raw.strip();
      Matcher m;
      String name = null;
      String value = null;
      int eq = line.indexOf('=');
      if (line.startsWith("CONFIG_") && eq > 7 && isName(line, 7, eq)) {
        name = line.substring(7, eq);
        value = line.substring(eq + 1);
      } else if (line.startsWith("# CONFIG_") && line.endsWith(" is not set") && isName(line, 9, line.length() - 11)) {
        name = line.substring(9, line.length() - 11);
        value = "is not set";
      } else if (version == null && line.startsWith("# Linux/") && (m = HEADER.matcher(line)).matches()) {
        version = new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        throw new IllegalArgumentException(lineNo + ":" + column(raw) + ": unexpected line in kernel config: "
            + SafeText.excerpt(line, 1, SafeText.DEFAULT_EXCERPT).text());
      }
      if (name != null && options.put(name, value) != null) {
        throw new IllegalArgumentException(lineNo + ": option CONFIG_" + name + " appears more than once");
      }
    }
    return new Kconfig(options, Optional.ofNullable(version));
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
