package dev.aiaudit.scan.eval;

import dev.aiaudit.scan.eval.Expr.ConfigKey;
import dev.aiaudit.scan.eval.Expr.CpuFlag;
import dev.aiaudit.scan.eval.Expr.Exists;
import dev.aiaudit.scan.eval.Expr.FileStat;
import dev.aiaudit.scan.eval.Expr.FileValue;
import dev.aiaudit.scan.eval.Expr.Mount;
import dev.aiaudit.scan.host.HostFacts;
import dev.aiaudit.scan.host.HostFs;
import dev.aiaudit.scan.host.Source;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Leaves over files, mounts and CPU flags of the target; all reads, no writes. */
final class FileLeaves {
  private final HostFacts facts;
  private final HostFs fs;

  FileLeaves(HostFacts facts) {
    this.facts = facts;
    this.fs = facts.fs();
  }

  Outcome eval(Expr expr) {
    if (expr instanceof FileValue f) {
      return fileValue(f);
    } else if (expr instanceof Exists e) {
      return exists(e);
    } else if (expr instanceof ConfigKey c) {
      return configKey(c);
    } else if (expr instanceof FileStat s) {
      return stat(s);
    } else if (expr instanceof Mount m) {
      return mount(m);
    } else if (expr instanceof CpuFlag c) {
      return cpuFlag(c);
    }
    throw new IllegalStateException("not a file leaf: " + expr);
  }

  private Outcome fileValue(FileValue f) {
    Optional<String> gap = fs.offlineGap(f.path());
    if (gap.isPresent()) {
      return Outcome.na(gap.get());
    }
    Source<String> s = fs.read(f.path());
    if (!s.available()) {
      return s.error() ? Outcome.error(s.origin())
          : f.failIfAbsent() ? Outcome.of(false, s.origin()) : Outcome.na(s.origin());
    }
    if (f.expect() != null) {
      String first = s.get().lines().findFirst().orElse("").strip();
      return Outcome.of(f.expect().equals(first), fs.show(f.path()) + " = " + first);
    }
    boolean found = Pattern.compile(f.matches(), Pattern.MULTILINE).matcher(s.get()).find();
    return Outcome.of(found, fs.show(f.path()) + (found ? " matches" : " does not match") + " /" + f.matches() + "/");
  }

  private Outcome exists(Exists e) {
    Optional<String> gap = fs.offlineGap(e.path());
    if (gap.isPresent()) {
      return Outcome.na(gap.get());
    }
    boolean there;
    try {
      there = Files.exists(fs.resolveNoFollow(e.path()), LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.FileSystemLoopException x) {
      return Outcome.error(x.getFile());
    }
    return Outcome.of(there == e.expect(), fs.show(e.path()) + (there ? " exists" : " does not exist"));
  }

  private Outcome configKey(ConfigKey c) {
    Source<String> s = fs.read(c.path());
    if (!s.available()) {
      return s.error() ? Outcome.error(s.origin()) : Outcome.na(s.origin());
    }
    String value = null;
    for (String raw : s.get().split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] kv = line.split("[\\s=]+", 2);
      if (kv[0].equalsIgnoreCase(c.key())) {
        value = kv.length > 1 ? kv[1].strip() : "";
        break;
      }
    }
    String shown = fs.show(c.path()) + ": " + c.key();
    if (value == null) {
      if (c.defaultValue() == null) {
        return Outcome.of(false, shown + " not set");
      }
      return Outcome.of(c.defaultValue().equalsIgnoreCase(c.expect()), shown + " not set (default " + c.defaultValue() + ")");
    }
    return Outcome.of(value.toLowerCase(Locale.ROOT).equals(c.expect().toLowerCase(Locale.ROOT)), shown + " " + value);
  }

  private Outcome stat(FileStat s) {
    Optional<String> gap = fs.offlineGap(s.path());
    if (gap.isPresent()) {
      return Outcome.na(gap.get());
    }
    List<Path> paths = new ArrayList<>();
    try {
      for (String pattern : s.path().trim().split("\\s+")) {
        paths.addAll(expand(pattern));
      }
    } catch (java.nio.file.FileSystemLoopException e) {
      return Outcome.error(e.getFile());
    } catch (IOException e) {
      return Outcome.error(fs.show(s.path()) + ": " + dev.aiaudit.model.text.SafeText.capped(String.valueOf(e.getMessage()), 200));
    }
    if (paths.isEmpty()) {
      return Outcome.na(fs.show(s.path()) + " not found");
    }
    List<String> bad = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (Path p : paths) {
      Map<String, Object> a;
      try {
        a = Files.readAttributes(p, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
      } catch (AccessDeniedException e) {
        return Outcome.error(p + ": permission denied");
      } catch (IOException | UnsupportedOperationException e) {
        return Outcome.error(p + ": " + e.getMessage());
      }
      int mode = (Integer) a.get("mode") & 07777;
      int uid = (Integer) a.get("uid");
      String desc = p + " mode %04o uid %d".formatted(mode, uid);
      seen.add(desc);
      boolean ok = (s.maxMode() == null || (mode & ~s.maxMode()) == 0)
          && (s.owner() == null || s.owner() == uid)
          && (!s.notWorldWritable() || (mode & 0002) == 0);
      if (!ok) {
        bad.add(desc);
      }
    }
    return bad.isEmpty() ? Outcome.of(true, String.join(", ", seen)) : Outcome.of(false, String.join(", ", bad));
  }

  private List<Path> expand(String pattern) throws IOException {
    int slash = pattern.lastIndexOf('/');
    String name = pattern.substring(slash + 1);
    if (!name.contains("*") && !name.contains("?")) {
      Path p = fs.resolveNoFollow(pattern);
      return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? List.of(p) : List.of();
    }
    List<Path> out = new ArrayList<>();
    for (String p : fs.list(slash <= 0 ? "/" : pattern.substring(0, slash), name, new ArrayList<>())) {
      out.add(fs.resolveNoFollow(p));
    }
    return out;
  }

  private Outcome mount(Mount m) {
    var src = facts.mounts();
    if (!src.available()) {
      return Evaluator.unavailable(src);
    }
    List<String> opts = src.get().options().get(m.mountPoint());
    if (opts == null) {
      String why = m.mountPoint() + " is not a separate mount (" + src.origin() + ")";
      return m.failIfNotMounted() ? Outcome.of(false, why) : Outcome.na(why);
    }
    List<String> missing = m.options().stream().filter(o -> !opts.contains(o)).toList();
    return Outcome.of(missing.isEmpty(), m.mountPoint() + " options " + String.join(",", opts)
        + (missing.isEmpty() ? "" : " (missing " + String.join(",", missing) + ")"));
  }

  private Outcome cpuFlag(CpuFlag c) {
    var src = facts.cpuFlags();
    if (!src.available()) {
      return Evaluator.unavailable(src);
    }
    boolean has = src.get().contains(c.flag());
    return Outcome.of(has, "cpu flag " + c.flag() + (has ? " present" : " absent"));
  }
}
