package dev.aiaudit.sensor.fanotify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A snapshot of a mount table ({@code /proc/self/mountinfo} or {@code /proc/PID/mountinfo}): which
 * file system (device {@code major:minor}) is mounted where, from which directory of it (the mount
 * root), with which type. Immutable.
 */
public final class MountTable {
  /** File systems that never hold models or data (and mostly cannot be marked in FID mode). */
  static final Set<String> PSEUDO =
      Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue", "debugfs", "tracefs", "securityfs", "pstore",
          "bpf", "configfs", "fusectl", "hugetlbfs", "autofs", "binfmt_misc", "nsfs", "devtmpfs", "efivarfs",
          "rpc_pipefs", "selinuxfs");

  private final List<Mount> mounts;

  /**
   * One mountinfo line.
   *
   * @param id mount id (unique while the mount exists)
   * @param dev {@code major:minor} of the file system
   * @param root the directory of the file system that is mounted (for a bind mount of a subdirectory, that directory)
   * @param mountPoint where it is mounted, in the namespace of the table
   * @param fsType file system type ({@code ext4}, {@code overlay}, {@code fuse.sshfs}, ...)
   * @param source mount source ({@code /dev/sda1}, {@code overlay}, {@code tmpfs}, ...)
   */
  public record Mount(int id, String dev, String root, String mountPoint, String fsType, String source) {
    Mount(String mountPoint, String fsType) {
      this(-1, "0:0", "/", mountPoint, fsType, "none");
    }

    boolean pseudo() {
      return PSEUDO.contains(fsType);
    }
  }

  private MountTable(List<Mount> mounts) {
    this.mounts = List.copyOf(mounts);
  }

  static MountTable read() {
    return read(Path.of("/proc/self/mountinfo"));
  }

  /** The table at {@code file}; an unreadable file gives a table holding only {@code /}. */
  static MountTable read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return new MountTable(List.of(new Mount("/", "unknown")));
    }
  }

  /** The table at {@code file}, or {@code null} when it cannot be read (e.g. the process exited). */
  public static MountTable readOrNull(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return null;
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
      int id;
      try {
        id = Integer.parseInt(f[0]);
      } catch (NumberFormatException e) {
        continue;
      }
      String source = dash + 2 < f.length ? unescape(f[dash + 2]) : "none";
      list.add(new Mount(id, f[2], unescape(f[3]), unescape(f[4]), f[dash + 1], source));
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

  public List<Mount> mounts() {
    return mounts;
  }

  /** The mount point holding {@code path} (longest matching mount point). */
  String mountPointOf(String path) {
    Mount m = mountOf(path);
    return m == null ? "/" : m.mountPoint();
  }

  /** The mount holding {@code path}: longest matching mount point, the last (topmost) of stacked mounts. */
  Mount mountOf(String path) {
    Mount best = null;
    for (Mount m : mounts) {
      if (under(path, m.mountPoint()) && (best == null || m.mountPoint().length() >= best.mountPoint().length())) {
        best = m;
      }
    }
    return best;
  }

  /** The mount with this id, or {@code null}. */
  Mount byId(int id) {
    for (Mount m : mounts) {
      if (m.id() == id) {
        return m;
      }
    }
    return null;
  }

  /** True when some mount of the table is of device {@code dev}. */
  boolean hasDevice(String dev) {
    for (Mount m : mounts) {
      if (m.dev().equals(dev)) {
        return true;
      }
    }
    return false;
  }

  /** Mount points to mark for these canonical roots: each root's own mount first, then real file systems below it. */
  List<String> mountPointsToMark(List<String> roots) {
    Set<String> out = new LinkedHashSet<>();
    for (String r : roots) {
      out.add(mountPointOf(r));
    }
    for (String r : roots) {
      for (Mount m : mounts) {
        if (!m.mountPoint().equals(r) && under(m.mountPoint(), r) && !m.pseudo()) {
          out.add(m.mountPoint());
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * Where the file at {@code fsPath} (a path from the root of file system {@code dev}) appears in
   * this table: through each mount of {@code dev} whose root contains it, mount point + the rest.
   * The most specific mount (longest root) first, the newest (highest id) of equally specific ones;
   * the kernel does not say which one a process used.
   */
  List<String> pathsOf(String dev, String fsPath) {
    List<Mount> hits = new ArrayList<>();
    for (Mount m : mounts) {
      if (m.dev().equals(dev) && under(fsPath, m.root())) {
        hits.add(m);
      }
    }
    hits.sort((a, b) -> a.root().length() != b.root().length() ? Integer.compare(b.root().length(), a.root().length())
        : Integer.compare(b.id(), a.id()));
    List<String> out = new ArrayList<>(hits.size());
    for (Mount m : hits) {
      String p = join(m.mountPoint(), rest(fsPath, m.root()));
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /** {@code path} below {@code dir} ("" when equal), with its leading slash. */
  static String rest(String path, String dir) {
    return dir.equals("/") ? (path.equals("/") ? "" : path) : path.substring(dir.length());
  }

  /** {@code dir} + {@code rest} where rest is "" or starts with a slash. */
  static String join(String dir, String rest) {
    if (rest.isEmpty()) {
      return dir;
    }
    return dir.equals("/") ? rest : dir + rest;
  }

  static boolean under(String path, String dir) {
    if (dir.equals("/")) {
      return path.startsWith("/");
    }
    return path.startsWith(dir) && (path.length() == dir.length() || path.charAt(dir.length()) == '/');
  }
}
