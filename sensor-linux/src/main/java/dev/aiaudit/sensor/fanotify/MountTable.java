package dev.aiaudit.sensor.fanotify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Mount points from {@code /proc/self/mountinfo}: which mounts the sensor marks so that every file
 * under a root, including files created later, is covered. For each root: the mount holding the
 * root, plus every mount below the root whose file system is not a pseudo file system (proc, sysfs,
 * cgroup, ...). Mounts made after start are not covered (documented limit).
 */
final class MountTable {
  private static final Set<String> PSEUDO =
      Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue", "debugfs", "tracefs", "securityfs", "pstore",
          "bpf", "configfs", "fusectl", "hugetlbfs", "autofs", "binfmt_misc", "nsfs", "devtmpfs", "efivarfs",
          "rpc_pipefs", "selinuxfs");

  private final List<Mount> mounts;

  record Mount(String mountPoint, String fsType) {}

  private MountTable(List<Mount> mounts) {
    this.mounts = List.copyOf(mounts);
  }

  static MountTable read() {
    try {
      return parse(Files.readString(Path.of("/proc/self/mountinfo")));
    } catch (IOException e) {
      return new MountTable(List.of(new Mount("/", "unknown")));
    }
  }

  /** Parses mountinfo lines: {@code id parent maj:min root mountpoint opts [optional...] - fstype source superopts}. */
  static MountTable parse(String content) {
    List<Mount> list = new ArrayList<>();
    for (String line : content.split("\n")) {
      String[] f = line.split(" ");
      int dash = -1;
      for (int i = 6; i < f.length; i++) {
        if (f[i].equals("-")) {
          dash = i;
          break;
        }
      }
      if (f.length < 5 || dash < 0 || dash + 1 >= f.length) {
        continue;
      }
      list.add(new Mount(unescape(f[4]), f[dash + 1]));
    }
    return new MountTable(list);
  }

  /** mountinfo escapes space, tab, newline and backslash as {@code \ooo}. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length()) {
        try {
          b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
          i += 3;
          continue;
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
          // keep the backslash
        }
      }
      b.append(c);
    }
    return b.toString();
  }

  /** The mount point holding {@code path} (longest matching mount point). */
  String mountPointOf(String path) {
    String best = "/";
    for (Mount m : mounts) {
      if (under(path, m.mountPoint()) && m.mountPoint().length() > best.length()) {
        best = m.mountPoint();
      }
    }
    return best;
  }

  /** Mount points to mark for these canonical roots: each root's own mount first, then real file systems below it. */
  List<String> mountPointsToMark(List<String> roots) {
    Set<String> out = new LinkedHashSet<>();
    for (String r : roots) {
      out.add(mountPointOf(r));
    }
    for (String r : roots) {
      for (Mount m : mounts) {
        if (!m.mountPoint().equals(r) && under(m.mountPoint(), r) && !PSEUDO.contains(m.fsType())) {
          out.add(m.mountPoint());
        }
      }
    }
    return List.copyOf(out);
  }

  static boolean under(String path, String dir) {
    if (dir.equals("/")) {
      return path.startsWith("/");
    }
    return path.startsWith(dir) && (path.length() == dir.length() || path.charAt(dir.length()) == '/');
  }
}
