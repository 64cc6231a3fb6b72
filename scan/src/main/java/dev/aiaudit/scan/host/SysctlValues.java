package dev.aiaudit.scan.host;

import dev.aiaudit.model.text.SafeText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runtime sysctl values: parsed from a {@code sysctl -a} dump, or read one by one from {@code /proc/sys}.
 * A value is the trimmed text; multi-field values keep their inner whitespace collapsed to single tabs as
 * in {@code sysctl -a}.
 */
public final class SysctlValues {
  private static final Pattern LINE = Pattern.compile("[a-zA-Z0-9/._-]+ ?=.*");
  private final Map<String, String> dump;
  private final HostFs fs;

  private SysctlValues(Map<String, String> dump, HostFs fs) {
    this.dump = dump;
    this.fs = fs;
  }

  /** Parses {@code sysctl -a} output ({@code name = value} lines; the last occurrence wins). */
  public static SysctlValues parseDump(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    int lineNo = 0;
    for (String raw : text.split("\n")) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!LINE.matcher(line).matches()) {
        throw new IllegalArgumentException(lineNo + ":" + Kconfig.column(raw) + ": unexpected line in sysctl output: "
            + SafeText.excerpt(line, 1, SafeText.DEFAULT_EXCERPT).text());
      }
      int eq = line.indexOf('=');
      values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    return new SysctlValues(values, null);
  }

  /** Reads values on demand from {@code /proc/sys} of the target. */
  public static SysctlValues procSys(HostFs fs) {
    return new SysctlValues(null, fs);
  }

  /**
   * The value of {@code name}: empty when the sysctl does not exist, a failed source when it cannot be read.
   */
  public Source<Optional<String>> get(String name) {
    if (dump != null) {
      return Source.of(Optional.ofNullable(dump.get(name)), "sysctl dump");
    }
    String path = "/proc/sys/" + name.replace('.', '/');
    Source<String> s = fs.read(path);
    if (s.available()) {
      return Source.of(Optional.of(s.get().strip().replaceAll("\\s+", "\t")), fs.show(path));
    }
    return s.error() ? Source.failed(s.origin()) : Source.of(Optional.empty(), s.origin());
  }
}
