package dev.aiaudit.scan.host;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A parsed kernel command line. {@code name=value} gives {@code value}, a bare {@code name} gives the empty
 * string, a later occurrence wins. Values of parameters the kernel parses with {@code kstrtobool()} are
 * normalised to {@code 1}/{@code 0}; the parameters with their own parsers keep their text.
 */
public record Cmdline(Map<String, String> params) {
  private static final Set<String> OWN_PARSER = Set.of(
      "debugfs", "mitigations", "pti", "spectre_v2", "spectre_v2_user", "spectre_bhi",
      "spec_store_bypass_disable", "l1tf", "mds", "tsx_async_abort", "srbds", "mmio_stale_data", "retbleed",
      "rodata", "ssbd", "spec_rstack_overflow", "gather_data_sampling", "reg_file_data_sampling", "slub_debug",
      "iommu", "vsyscall", "vdso32", "vdso", "cfi", "tsx", "lockdown", "intel_iommu", "efi", "tsa",
      "indirect_target_selection", "vmscape", "hash_pointers", "proc_mem.force_override");

  public Cmdline {
    params = Map.copyOf(params);
  }

  /** Parses one line of command line text (a second non-empty line is an error). */
  public static Cmdline parse(String text) {
    String[] lines = text.strip().split("\n");
    if (lines.length > 1) {
      throw new IllegalArgumentException("kernel command line has more than one line");
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String token : lines[0].trim().split("\\s+")) {
      if (token.isEmpty()) {
        continue;
      }
      int eq = token.indexOf('=');
      String name = eq < 0 ? token : token.substring(0, eq);
      String value = eq < 0 ? "" : token.substring(eq + 1);
      params.put(name, normalize(name, value));
    }
    return new Cmdline(params);
  }

  static String normalize(String name, String value) {
    if (OWN_PARSER.contains(name)) {
      return value;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "1", "on", "y", "yes", "t", "true" -> "1";
      case "0", "off", "n", "no", "f", "false" -> "0";
      default -> value;
    };
  }

  /** The parameter's value, {@code null} when absent. */
  public String get(String name) {
    return params.get(name);
  }
}
