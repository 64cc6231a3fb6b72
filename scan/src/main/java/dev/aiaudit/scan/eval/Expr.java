package dev.aiaudit.scan.eval;

import java.util.List;

/** A check's test: typed leaves combined with {@code anyOf} / {@code allOf}. */
public sealed interface Expr {

  /** Human-readable expected state. */
  String describe();

  /** The members' descriptions joined by {@code sep}, in parentheses when there are several (a loop, not a stream:
   * a scan describes every check once, in a JVM that has just started). */
  private static String joined(List<Expr> of, String sep) {
    StringBuilder b = new StringBuilder();
    if (of.size() > 1) {
      b.append('(');
    }
    for (int i = 0; i < of.size(); i++) {
      if (i > 0) {
        b.append(sep);
      }
      b.append(of.get(i).describe());
    }
    if (of.size() > 1) {
      b.append(')');
    }
    return b.toString();
  }

  /** Where a kernel option comes from. */
  enum OptSource {
    KCONFIG,
    CMDLINE,
    SYSCTL
  }

  /** True when any alternative holds (the first is the option the check is about). */
  record AnyOf(List<Expr> of) implements Expr {
    public AnyOf {
      of = List.copyOf(of);
    }

    @Override
    public String describe() {
      return joined(of, " or ");
    }
  }

  /** True when every member holds. */
  record AllOf(List<Expr> of) implements Expr {
    public AllOf {
      of = List.copyOf(of);
    }

    @Override
    public String describe() {
      return joined(of, " and ");
    }
  }

  /**
   * A kernel option. {@code expect} is a value, {@code is not set}, {@code is present}, {@code is not off}
   * or {@code *item*} (item in a quoted comma list); {@code expectFrom} takes the expected value from another
   * kernel config option (e.g. the architecture's maximum).
   */
  record Opt(OptSource source, String name, String expect, String expectFrom) implements Expr {
    @Override
    public String describe() {
      String shown = source == OptSource.KCONFIG ? "CONFIG_" + name : name;
      String value = expectFrom != null ? "CONFIG_" + expectFrom : expect;
      return switch (value) {
        case "is not set", "is present", "is not off" -> shown + " " + value;
        default -> value.startsWith("*") ? shown + " contains " + value.replace("*", "") : shown + "=" + value;
      };
    }
  }

  /** Kernel version at least {@code major.minor.patch}. */
  record KernelVersion(int major, int minor, int patch) implements Expr {
    @Override
    public String describe() {
      return "kernel version >= " + major + "." + minor + "." + patch;
    }
  }

  /** First line of a file equals {@code expect}, or its content matches the regex {@code matches}. */
  record FileValue(String path, String expect, String matches, boolean failIfAbsent) implements Expr {
    @Override
    public String describe() {
      return expect != null ? path + " = " + expect : path + " matches /" + matches + "/";
    }
  }

  /** A path exists (or, with {@code expect=false}, does not exist). */
  record Exists(String path, boolean expect) implements Expr {
    @Override
    public String describe() {
      return path + (expect ? " exists" : " does not exist");
    }
  }

  /** The effective (first) value of {@code key} in a {@code key value} / {@code key=value} config file. */
  record ConfigKey(String path, String key, String expect, String defaultValue) implements Expr {
    @Override
    public String describe() {
      return path + ": " + key + " " + expect;
    }
  }

  /**
   * Mode/ownership of paths or globs (space-separated; not applicable only when none exists): no permission bit
   * beyond {@code maxMode}, owner uid, not world-writable.
   */
  record FileStat(String path, Integer maxMode, Integer owner, boolean notWorldWritable) implements Expr {
    @Override
    public String describe() {
      StringBuilder b = new StringBuilder(path);
      if (maxMode != null) {
        b.append(" mode <= ").append(String.format("%04o", maxMode));
      }
      if (owner != null) {
        b.append(" owner uid ").append(owner);
      }
      if (notWorldWritable) {
        b.append(" not world-writable");
      }
      return b.toString();
    }
  }

  /** A mount point is mounted with all {@code options}; {@code failIfNotMounted} decides the absent case. */
  record Mount(String mountPoint, List<String> options, boolean failIfNotMounted) implements Expr {
    public Mount {
      options = List.copyOf(options);
    }

    @Override
    public String describe() {
      return mountPoint + " mounted " + String.join(",", options);
    }
  }

  /** A CPU flag in {@code /proc/cpuinfo}. */
  record CpuFlag(String flag) implements Expr {
    @Override
    public String describe() {
      return "cpu flag " + flag;
    }
  }
}
