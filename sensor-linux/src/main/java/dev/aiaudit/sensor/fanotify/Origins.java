package dev.aiaudit.sensor.fanotify;

import dev.aiaudit.model.FileOrigin;
import java.util.List;

/**
 * The {@link FileOrigin} of an event, on the enrichment thread: the container whose root file system
 * holds the file (from the mount point's shape, {@link ContainerRootfs}) and the path inside it; for
 * a process in another mount namespace, where that namespace shows the file ({@code
 * /proc/PID/mountinfo}: the mounts of the same device whose root holds the file's path within its file
 * system, the most specific first), unless the reader already knew it (fd mode).
 */
final class Origins {
  private final NsMounts ns;

  Origins(NsMounts ns) {
    this.ns = ns;
  }

  FileOrigin of(RawEvent e) {
    WatchedFs fs = e.fs();
    if (fs == null) {
      return null;
    }
    String cid = null;
    String runtime = null;
    String cpath = null;
    ContainerRootfs c = fs.container();
    if (c != null) {
      cid = c.id();
      runtime = c.runtime();
      cpath = c.containerPath(e.path());
    }
    String mountNs = null;
    String nsPath = e.nsPath() == null || e.nsPath().equals(e.path()) ? null : e.nsPath();
    boolean same = ns.sameAsSelf(e.pidNs());
    if (e.pidNs() == null) {
      mountNs = FileOrigin.NS_UNKNOWN;
    } else if (!same) {
      mountNs = FileOrigin.NS_OTHER;
      if (e.nsPath() == null) {
        String p = nsPathOf(e, fs, false);
        if (p == null) {
          p = nsPathOf(e, fs, true); // a mount made since the table was cached
        }
        nsPath = p == null || p.isEmpty() ? null : p;
      }
    } else if (nsPath != null) {
      mountNs = FileOrigin.NS_SAME; // fd mode: reached through a bind mount in the agent's namespace
    }
    return FileOrigin.orNull(new FileOrigin(mountNs, nsPath, cid, runtime, cpath));
  }

  /** The likeliest path in the process's namespace; "" when that is the host path; null when not found. */
  private String nsPathOf(RawEvent e, WatchedFs fs, boolean fresh) {
    MountTable t = ns.tableOf(e.pid(), e.pidNs(), fresh);
    if (t == null) {
      return null;
    }
    List<String> paths = t.pathsOf(fs.dev(), fs.fsPath(e.path()));
    if (paths.isEmpty()) {
      return null;
    }
    return paths.getFirst().equals(e.path()) ? "" : paths.getFirst();
  }
}
