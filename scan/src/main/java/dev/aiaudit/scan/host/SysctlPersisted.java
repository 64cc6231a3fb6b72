package dev.aiaudit.scan.host;

import dev.aiaudit.model.text.SafeText;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sysctl settings persisted for the next boot, resolved as {@code sysctl --system} / systemd-sysctl do:
 * {@code *.conf} files of {@code /etc/sysctl.d}, {@code /run/sysctl.d}, {@code /usr/local/lib/sysctl.d},
 * {@code /usr/lib/sysctl.d} and {@code /lib/sysctl.d} (a name in an earlier directory masks the same name in a
 * later one) are applied in file-name order, then {@code /etc/sysctl.conf}; the last assignment wins.
 *
 * @param values name to value
 * @param origins name to the {@code file:line} that set it
 */
public record SysctlPersisted(Map<String, String> values, Map<String, String> origins) {
  static final List<String> DIRS = List.of(
      "/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d", "/lib/sysctl.d");

  public SysctlPersisted {
    values = Map.copyOf(values);
    origins = Map.copyOf(origins);
  }

  /** Loads the persisted settings of the target; unreadable files are listed in {@code problems}. */
  public static SysctlPersisted load(HostFs fs, List<String> problems) {
    TreeMap<String, String> byName = new TreeMap<>();
    for (String dir : DIRS) {
      try {
        for (String file : fs.list(dir, "*.conf", problems)) {
          byName.putIfAbsent(file.substring(file.lastIndexOf('/') + 1), file);
        }
      } catch (IOException e) {
        problems.add(fs.show(dir) + ": " + SafeText.capped(String.valueOf(e.getMessage()), 200));
      }
    }
    List<String> order = new ArrayList<>(byName.values());
    order.add("/etc/sysctl.conf");
    Map<String, String> values = new HashMap<>();
    Map<String, String> origins = new HashMap<>();
    for (String file : order) {
      Source<String> s = fs.read(file);
      if (s.error()) {
        problems.add(s.origin());
      }
      s.value().ifPresent(text -> apply(text, file, values, origins));
    }
    return new SysctlPersisted(values, origins);
  }

  static void apply(String text, String file, Map<String, String> values, Map<String, String> origins) {
    int lineNo = 0;
    for (String raw : text.split("\n")) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = line.substring(0, eq).strip();
      if (name.startsWith("-")) {
        name = name.substring(1);
      }
      name = name.replace('/', '.');
      values.put(name, line.substring(eq + 1).strip());
      origins.put(name, file + ":" + lineNo);
    }
  }
}
