package dev.aiaudit.scan.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The host state a scan reads, each source loaded at most once and only when a check needs it. Inputs
 * given explicitly ({@code --kconfig}, {@code --cmdline}, {@code --sysctl}) replace the detected ones.
 */
public final class HostFacts {
  private final HostFs fs;
  private final Optional<Path> kconfigFile;
  private final Optional<Path> cmdlineFile;
  private final Optional<Path> sysctlFile;
  private final Map<String, String> inputs = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final Lazy<Source<Kconfig>> kconfig = new Lazy<>() {
    @Override
    Source<Kconfig> load() {
      return loadKconfig();
    }
  };
  private final Lazy<Source<Cmdline>> cmdline = new Lazy<>() {
    @Override
    Source<Cmdline> load() {
      return loadCmdline();
    }
  };
  private final Lazy<Source<SysctlValues>> sysctl = new Lazy<>() {
    @Override
    Source<SysctlValues> load() {
      return loadSysctl();
    }
  };
  private final Lazy<SysctlPersisted> persisted = new Lazy<>() {
    @Override
    SysctlPersisted load() {
      return loadPersisted();
    }
  };
  private final Lazy<Source<MountTable>> mounts = new Lazy<>() {
    @Override
    Source<MountTable> load() {
      return loadMounts();
    }
  };
  private final Lazy<Source<Set<String>>> cpuFlags = new Lazy<>() {
    @Override
    Source<Set<String>> load() {
      return loadCpuFlags();
    }
  };

  public HostFacts(HostFs fs, Optional<Path> kconfigFile, Optional<Path> cmdlineFile, Optional<Path> sysctlFile) {
    this.fs = fs;
    this.kconfigFile = kconfigFile;
    this.cmdlineFile = cmdlineFile;
    this.sysctlFile = sysctlFile;
  }

  public HostFs fs() {
    return fs;
  }

  public Source<Kconfig> kconfig() {
    return kconfig.get();
  }

  public Source<Cmdline> cmdline() {
    return cmdline.get();
  }

  public Source<SysctlValues> sysctl() {
    return sysctl.get();
  }

  public SysctlPersisted persistedSysctl() {
    return persisted.get();
  }

  /**
   * False when the runtime values come from a {@code --sysctl} dump while the root is the live host: the
   * dump describes another system, so this host's {@code /etc/sysctl.d} must not be judged with it.
   */
  public boolean persistedSysctlApplies() {
    return !(sysctlFile.isPresent() && fs.live());
  }

  public Source<MountTable> mounts() {
    return mounts.get();
  }

  public Source<Set<String>> cpuFlags() {
    return cpuFlags.get();
  }

  /** Kernel version: the kconfig header, else (live) {@code /proc/sys/kernel/osrelease}. */
  public Optional<int[]> kernelVersion() {
    Source<Kconfig> k = kconfig();
    if (k.available() && k.get().version().isPresent()) {
      return k.get().version();
    }
    if (explicitInputs()) {
      return Optional.empty();
    }
    return fs.read("/proc/sys/kernel/osrelease").value().flatMap(HostFacts::parseVersion);
  }

  /** Which file each loaded source came from (or why it is missing), for the report. */
  public Map<String, String> inputs() {
    synchronized (inputs) {
      return Map.copyOf(inputs);
    }
  }

  /** Files that existed but could not be read. */
  public List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  static Optional<int[]> parseVersion(String text) {
    String[] parts = text.strip().split("[^0-9]+", 4);
    try {
      return Optional.of(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
          parts.length > 2 && !parts[2].isEmpty() ? Integer.parseInt(parts[2]) : 0});
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * True when kernel inputs were given as files for the live host: then only the given files count, and a
   * missing one is not filled in from this host (a CI job checking a built kernel must not mix in the build
   * machine's own command line or sysctls).
   */
  private boolean explicitInputs() {
    return fs.live() && (kconfigFile.isPresent() || cmdlineFile.isPresent() || sysctlFile.isPresent());
  }

  private static <T> Source<T> notGiven(String flag) {
    return Source.absent("not given (" + flag + "; with explicit kernel inputs only those files are used)");
  }

  private Source<Kconfig> loadKconfig() {
    List<Source<String>> tried = new ArrayList<>();
    if (kconfigFile.isEmpty() && explicitInputs()) {
      return record("kconfig", notGiven("--kconfig"));
    }
    if (kconfigFile.isPresent()) {
      tried.add(HostFs.readPath(kconfigFile.get(), kconfigFile.get().toString()));
    } else {
      tried.add(fs.read("/proc/config.gz"));
      Optional<String> release = fs.live()
          ? fs.read("/proc/sys/kernel/osrelease").value().map(String::strip)
          : Optional.empty();
      if (release.isPresent()) {
        tried.add(fs.read("/boot/config-" + release.get()));
      } else {
        newestBootConfig().ifPresent(p -> tried.add(fs.read(p)));
      }
    }
    return record("kconfig", firstOf(tried, "kernel config", Kconfig::parse));
  }

  private Optional<String> newestBootConfig() {
    try {
      return fs.list("/boot", "config-*", problems).stream().reduce((a, b) -> b);
    } catch (IOException e) {
      problems.add(fs.show("/boot") + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private Source<Cmdline> loadCmdline() {
    List<Source<String>> tried = new ArrayList<>();
    if (cmdlineFile.isEmpty() && explicitInputs()) {
      return record("cmdline", notGiven("--cmdline"));
    }
    if (cmdlineFile.isPresent()) {
      tried.add(HostFs.readPath(cmdlineFile.get(), cmdlineFile.get().toString()));
    } else {
      tried.add(fs.read("/proc/cmdline"));
      if (!fs.live()) {
        tried.add(fs.read("/etc/kernel/cmdline"));
      }
    }
    return record("cmdline", firstOf(tried, "kernel command line", Cmdline::parse));
  }

  private Source<SysctlValues> loadSysctl() {
    if (sysctlFile.isPresent()) {
      Source<String> s = HostFs.readPath(sysctlFile.get(), sysctlFile.get().toString());
      return record("sysctl", firstOf(List.of(s), "sysctl output", SysctlValues::parseDump));
    }
    if (explicitInputs()) {
      return record("sysctl", notGiven("--sysctl"));
    }
    Optional<String> gap = fs.offlineGap("/proc/sys/");
    if (gap.isPresent()) {
      return record("sysctl", Source.absent(gap.get()));
    }
    return record("sysctl", Source.of(SysctlValues.procSys(fs), fs.show("/proc/sys")));
  }

  private SysctlPersisted loadPersisted() {
    SysctlPersisted p = SysctlPersisted.load(fs, problems);
    inputs.put("sysctl-persisted", fs.show("/etc/sysctl.d") + ", /run, /usr/lib ... (" + p.values().size() + " settings)");
    return p;
  }

  private Source<MountTable> loadMounts() {
    Source<String> info = fs.read("/proc/self/mountinfo");
    if (info.available() || fs.live()) {
      return record("mounts", firstOf(List.of(info), "mount table", MountTable::parseMountinfo));
    }
    return record("mounts", firstOf(List.of(fs.read("/etc/fstab")), "mount table", MountTable::parseFstab));
  }

  private Source<Set<String>> loadCpuFlags() {
    Optional<String> gap = fs.offlineGap("/proc/cpuinfo");
    if (gap.isPresent()) {
      return Source.absent(gap.get());
    }
    return record("cpuinfo", firstOf(List.of(fs.read("/proc/cpuinfo")), "cpuinfo", text -> {
      for (String line : text.split("\n")) {
        if (line.startsWith("flags")) {
          return Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
        }
      }
      return Set.<String>of();
    }));
  }

  private <T> Source<T> record(String name, Source<T> s) {
    inputs.put(name, s.available() ? s.origin() : "unavailable: " + s.origin());
    return s;
  }

  private static <T> Source<T> firstOf(List<Source<String>> tried, String what, Function<String, T> parser) {
    List<String> why = new ArrayList<>();
    for (Source<String> s : tried) {
      if (s.available()) {
        try {
          return Source.of(parser.apply(s.get()), s.origin());
        } catch (IllegalArgumentException e) {
          return Source.failed(s.origin() + ":" + e.getMessage());
        }
      }
      if (s.error()) {
        return Source.failed(s.origin());
      }
      why.add(s.origin());
    }
    return Source.absent(what + " not found (" + String.join("; ", why) + ")");
  }

  /** Memoises one supplier. */
  /** Loaded on first use, once. Subclassed rather than given a method reference: each of those is an invokedynamic
   * call site linked when the facts are created, at the start of every scan. */
  private abstract static class Lazy<T> {
    private final Object lock = new Object();
    private T value;

    abstract T load();

    T get() {
      synchronized (lock) {
        if (value == null) {
          value = load();
        }
        return value;
      }
    }
  }
}
