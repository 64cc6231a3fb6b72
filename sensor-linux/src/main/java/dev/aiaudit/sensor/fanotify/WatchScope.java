package dev.aiaudit.sensor.fanotify;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What is watched, as paths of the agent's mount namespace: the roots (a {@link RootFilter}) plus,
 * for every container root file system being watched, the configured paths inside containers
 * ({@code watch.container_roots}, e.g. {@code /models} or {@code /home/*}{@code /.cache/huggingface})
 * below its mount point. A path is watched when it is a root or below one, or when, below a
 * container's mount point, its leading segments match a container root pattern ({@code *} and
 * {@code ?} match within one segment). Immutable; {@link #withContainer} and {@link
 * #withoutContainer} return new scopes.
 */
final class WatchScope {
  private final RootFilter roots;
  private final List<String[]> patterns;
  private final List<ContainerRootfs> containers;
  private final byte[][] containerPrefixes;

  private WatchScope(RootFilter roots, List<String[]> patterns, List<ContainerRootfs> containers) {
    this.roots = roots;
    this.patterns = patterns;
    this.containers = List.copyOf(containers);
    this.containerPrefixes = this.containers.stream()
        .map(c -> c.mountPoint().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  /**
   * @param roots the literal roots and device nodes
   * @param containerRoots absolute paths inside containers, with optional {@code *} and {@code ?} in segments
   */
  static WatchScope of(RootFilter roots, List<String> containerRoots) {
    List<String[]> p = new ArrayList<>();
    for (String r : containerRoots) {
      String[] segs = segments(r);
      if (segs.length > 0) {
        p.add(segs);
      }
    }
    return new WatchScope(roots, List.copyOf(p), List.of());
  }

  WatchScope withContainer(ContainerRootfs c) {
    List<ContainerRootfs> l = new ArrayList<>(containers);
    l.removeIf(x -> x.mountPoint().equals(c.mountPoint()));
    l.add(c);
    return new WatchScope(roots, patterns, l);
  }

  WatchScope withoutContainer(String mountPoint) {
    List<ContainerRootfs> l = new ArrayList<>(containers);
    l.removeIf(x -> x.mountPoint().equals(mountPoint));
    return new WatchScope(roots, patterns, l);
  }

  boolean watchesContainers() {
    return !patterns.isEmpty();
  }

  List<ContainerRootfs> containers() {
    return containers;
  }

  RootFilter roots() {
    return roots;
  }

  /** The container whose root file system holds {@code path}, or {@code null}. */
  ContainerRootfs containerOf(String path) {
    ContainerRootfs best = null;
    for (ContainerRootfs c : containers) {
      if (MountTable.under(path, c.mountPoint())
          && (best == null || c.mountPoint().length() > best.mountPoint().length())) {
        best = c;
      }
    }
    return best;
  }

  /** True when the first {@code len} bytes of {@code seg} name a watched path. */
  boolean matches(MemorySegment seg, int len) {
    if (roots.matches(seg, len)) {
      return true;
    }
    for (byte[] p : containerPrefixes) {
      if (len > p.length && seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, p.length) == '/' && startsWith(seg, p)) {
        return matches(seg.getString(0));
      }
    }
    return false;
  }

  boolean matches(String path) {
    if (roots.matches(path)) {
      return true;
    }
    ContainerRootfs c = containerOf(path);
    return c != null && inContainerRoots(c.containerPath(path));
  }

  /** True when {@code containerPath} is one of the container roots or below one. */
  boolean inContainerRoots(String containerPath) {
    String[] segs = segments(containerPath);
    for (String[] p : patterns) {
      if (segs.length >= p.length && prefixMatches(p, segs)) {
        return true;
      }
    }
    return false;
  }

  private static boolean prefixMatches(String[] pattern, String[] segs) {
    for (int i = 0; i < pattern.length; i++) {
      if (!glob(pattern[i], 0, segs[i], 0)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code *} (any run) and {@code ?} (one character) within one segment, matching {@code s} from
   * {@code si} against {@code p} from {@code pi}. Greedy with one backtrack point (the last star), so
   * O(|p| * |s|) at worst, whatever the pattern.
   */
  static boolean glob(String p, int pi, String s, int si) {
    int star = -1;
    int mark = 0;
    while (si < s.length()) {
      if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) {
        pi++;
        si++;
      } else if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        mark = si;
      } else if (star >= 0) {
        pi = star + 1;
        si = ++mark;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }

  private static String[] segments(String path) {
    return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }

  private static boolean startsWith(MemorySegment seg, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
