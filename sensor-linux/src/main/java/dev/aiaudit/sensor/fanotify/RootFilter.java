package dev.aiaudit.sensor.fanotify;

import dev.aiaudit.sensor.SensorException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides in user space whether a resolved path is watched: under one of the roots (the root itself
 * or below a {@code /} after it) or exactly one of the device nodes. Matches the raw bytes that
 * readlink wrote, so a path outside every root costs no String. Immutable and thread-safe; paths
 * must be canonical (as {@code /proc/self/fd/N} gives them).
 */
public final class RootFilter {
  private final byte[][] roots;
  private final byte[][] exact;
  private final List<String> rootStrings;
  private final List<String> exactStrings;

  private RootFilter(List<String> roots, List<String> exact) {
    this.rootStrings = roots.stream().map(RootFilter::stripSlash).toList();
    this.exactStrings = List.copyOf(exact);
    this.roots = rootStrings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    this.exact = exactStrings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  /**
   * The canonical form of each root (absolute, symlinks resolved, as readlink of an event fd gives it).
   *
   * @throws SensorException naming the root when it does not exist or is not a directory
   */
  public static List<String> canonicalRoots(List<Path> roots) throws SensorException {
    List<String> out = new ArrayList<>();
    for (Path r : roots) {
      try {
        Path real = r.toAbsolutePath().toRealPath();
        if (!Files.isDirectory(real)) {
          throw new SensorException("watch root is not a directory: " + r);
        }
        out.add(real.toString());
      } catch (NoSuchFileException e) {
        throw new SensorException("watch root does not exist: " + r, e);
      } catch (IOException e) {
        throw new SensorException("cannot resolve watch root " + r + ": " + e, e);
      }
    }
    return out;
  }

  /**
   * The canonical path of each device node.
   *
   * @throws SensorException naming the node when it does not exist
   */
  public static List<Path> canonicalNodes(List<Path> nodes) throws SensorException {
    List<Path> out = new ArrayList<>();
    for (Path n : nodes) {
      try {
        out.add(n.toAbsolutePath().toRealPath());
      } catch (NoSuchFileException e) {
        throw new SensorException("device node does not exist: " + n, e);
      } catch (IOException e) {
        throw new SensorException("cannot resolve device node " + n + ": " + e, e);
      }
    }
    return out;
  }

  public static RootFilter of(List<Path> roots, List<Path> deviceNodes) {
    return new RootFilter(roots.stream().map(Path::toString).toList(), deviceNodes.stream().map(Path::toString).toList());
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** True when the first {@code len} bytes of {@code seg} name a watched path. */
  public boolean matches(MemorySegment seg, int len) {
    for (byte[] r : roots) {
      if (len >= r.length && startsWith(seg, r) && (len == r.length || seg.get(ValueLayout.JAVA_BYTE, r.length) == '/')) {
        return true;
      }
    }
    for (byte[] e : exact) {
      if (len == e.length && startsWith(seg, e)) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(MemorySegment seg, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (seg.get(ValueLayout.JAVA_BYTE, i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** The same decision on a String path. */
  public boolean matches(String path) {
    for (String r : rootStrings) {
      if (path.startsWith(r) && (path.length() == r.length() || path.charAt(r.length()) == '/')) {
        return true;
      }
    }
    return exactStrings.contains(path);
  }
}
