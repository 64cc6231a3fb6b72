package dev.aiaudit.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test oracle, independent of ai-audit's check content and evaluator: kernel-hardening-checker's x86_64 rules as
 * transcribed in {@code fixtures/khc/reference-rules-x86_64.txt}, evaluated with that tool's published verdict
 * semantics (its engine: option states read from a kconfig / cmdline / {@code sysctl -a} file; {@code is not set}
 * holds for an absent option, {@code is not off} fails on off, 0, is not set and absent, {@code *item*} looks for an
 * item of a comma list, {@code is present}; OR passes when one term passes, AND when all do; cmdline values are
 * normalised as the kernel's kstrtobool() does except for the parameters it lists; MAX is refined from the kconfig's
 * maximum and the check is dropped without one). Verdicts: {@code pass}, {@code fail}, and {@code notapplicable}
 * for a dropped check.
 */
final class KhcOracle {
  /** Cmdline parameters whose values the reference does not normalise with kstrtobool(). */
  private static final Set<String> NO_KSTRTOBOOL = Set.of("debugfs", "mitigations", "pti", "spectre_v2",
      "spectre_v2_user", "spectre_bhi", "spec_store_bypass_disable", "l1tf", "mds", "tsx_async_abort", "srbds",
      "mmio_stale_data", "retbleed", "rodata", "ssbd", "spec_rstack_overflow", "gather_data_sampling",
      "reg_file_data_sampling", "slub_debug", "iommu", "vsyscall", "vdso32", "vdso", "cfi", "tsx", "lockdown",
      "intel_iommu", "efi", "tsa", "indirect_target_selection", "vmscape", "hash_pointers",
      "proc_mem.force_override");

  private final Map<String, String> kconfig = new HashMap<>();
  private final Map<String, String> cmdline = new HashMap<>();
  private final Map<String, String> sysctl = new HashMap<>();
  private int[] version;

  KhcOracle(Path kconfigFile, Path cmdlineFile, Path sysctlFile) throws IOException {
    for (String line : Files.readAllLines(kconfigFile)) {
      String l = line.strip();
      if (l.startsWith("# Linux/") && l.endsWith("Kernel Configuration")) {
        String[] v = l.split("\\s+")[2].split("[.-]");
        version = new int[] {Integer.parseInt(v[0]), Integer.parseInt(v[1]), v.length > 2 ? Integer.parseInt(v[2]) : 0};
      } else if (l.startsWith("# CONFIG_") && l.endsWith(" is not set")) {
        kconfig.put(l.substring("# CONFIG_".length(), l.length() - " is not set".length()), "is not set");
      } else if (l.startsWith("CONFIG_") && l.contains("=")) {
        kconfig.put(l.substring("CONFIG_".length(), l.indexOf('=')), l.substring(l.indexOf('=') + 1));
      }
    }
    for (String opt : Files.readString(cmdlineFile).strip().split("\\s+")) {
      int eq = opt.indexOf('=');
      String name = eq < 0 ? opt : opt.substring(0, eq);
      String value = eq < 0 ? "" : opt.substring(eq + 1);
      cmdline.put(name, normalise(name, value));
    }
    for (String line : Files.readAllLines(sysctlFile)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        sysctl.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
  }

  private static String normalise(String name, String value) {
    if (NO_KSTRTOBOOL.contains(name)) {
      return value;
    }
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "1", "on", "y", "yes", "t", "true" -> "1";
      case "0", "off", "n", "no", "f", "false" -> "0";
      default -> value;
    };
  }

  /** Every rule's verdict, by ai-audit check id, in the rules file's order. */
  Map<String, String> verdicts(Path rulesFile) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Rule r : rules(rulesFile)) {
      Boolean ok = eval(r.tokens(), new int[] {0});
      out.put(r.id(), ok == null ? "notapplicable" : ok ? "pass" : "fail");
    }
    return out;
  }

  /** One top-level check of the rules file: its id and its expression tokens. */
  record Rule(String id, List<String> tokens) {
    String kind() {
      return id.substring(0, id.indexOf('.'));
    }
  }

  static List<Rule> rules(Path rulesFile) throws IOException {
    List<Rule> rules = new ArrayList<>();
    for (String line : Files.readAllLines(rulesFile)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      if (l.startsWith("unset:")) {
        for (String name : l.substring("unset:".length()).strip().split("\\s+")) {
          rules.add(new Rule("kconfig." + name, List.of("k:" + name + "=is_not_set")));
        }
        continue;
      }
      String id = null;
      if (l.startsWith("@")) {
        id = l.substring(1, l.indexOf(' '));
        l = l.substring(l.indexOf(' ') + 1);
      }
      List<String> tokens = Arrays.asList(l.split("\\s+"));
      String first = tokens.get(0).equals("or") || tokens.get(0).equals("and") ? tokens.get(2) : tokens.get(0);
      if (id == null) {
        String kind = switch (first.charAt(0)) {
          case 'k' -> "kconfig";
          case 'c' -> "cmdline";
          case 's' -> "sysctl";
          default -> throw new IllegalArgumentException("rule starts with " + first + ": " + line);
        };
        id = kind + "." + first.substring(2, first.indexOf('='));
      }
      rules.add(new Rule(id, tokens));
    }
    return rules;
  }

  /** TRUE pass, FALSE fail, null dropped (a MAX without its maximum). */
  private Boolean eval(List<String> t, int[] at) {
    String tok = t.get(at[0]++);
    if (tok.equals("or") || tok.equals("and")) {
      if (!t.get(at[0]++).equals("(")) {
        throw new IllegalArgumentException("expected ( after " + tok);
      }
      Deque<Boolean> terms = new ArrayDeque<>();
      boolean dropped = false;
      while (!t.get(at[0]).equals(")")) {
        Boolean b = eval(t, at);
        if (b == null) {
          dropped = true;
        } else {
          terms.add(b);
        }
      }
      at[0]++;
      if (dropped) {
        return null;
      }
      return tok.equals("or") ? terms.contains(Boolean.TRUE) : !terms.contains(Boolean.FALSE);
    }
    if (tok.startsWith("v:")) {
      String[] v = tok.substring(2).split("\\.");
      int[] want = {Integer.parseInt(v[0]), Integer.parseInt(v[1]), Integer.parseInt(v[2])};
      return Arrays.compare(version, want) >= 0;
    }
    int eq = tok.indexOf('=');
    String name = tok.substring(2, eq);
    String expected = tok.substring(eq + 1);
    String state = switch (tok.charAt(0)) {
      case 'k' -> kconfig.get(name);
      case 'c' -> cmdline.get(name);
      case 's' -> sysctl.get(name);
      default -> throw new IllegalArgumentException("unknown term " + tok);
    };
    if (expected.startsWith("MAX:")) {
      expected = kconfig.get(expected.substring(4));
      if (expected == null) {
        return null;
      }
    }
    return simple(state, expected);
  }

  private static boolean simple(String state, String expected) {
    if (expected.length() > 2 && expected.startsWith("*") && expected.endsWith("*")) {
      if (state == null) {
        return false;
      }
      String list = state.startsWith("\"") && state.endsWith("\"") && state.length() >= 2
          ? state.substring(1, state.length() - 1) : state;
      return Arrays.asList(list.split(",")).contains(expected.substring(1, expected.length() - 1));
    }
    return switch (expected) {
      case "is_present" -> state != null;
      case "is_not_off" -> state != null && !state.equals("off") && !state.equals("0") && !state.equals("is not set");
      case "is_not_set" -> state == null || state.equals("is not set");
      default -> expected.equals(state);
    };
  }
}
