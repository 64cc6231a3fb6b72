package dev.aiaudit.sensor.fanotify;

import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_CLOEXEC;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_RDONLY;

import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.sensor.SensorException;
import dev.aiaudit.sensor.fanotify.internal.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the marks in step with the mount table. {@code /proc/self/mountinfo} is held open and
 * polled for {@code POLLPRI} (the kernel raises {@code POLLERR | POLLPRI} on it after every mount or
 * unmount in the agent's namespace, and poll(2) itself re-arms it), in the reader thread's poll set. On
 * a change the table is read again and compared by mount id:
 *
 * <ul>
 *   <li>a new mount below a root (a PVC, a tmpfs, an NFS or CIFS volume) has its file system marked at
 *       once ({@link FsMarks#mark}) and is reported as {@code MOUNT_WATCHED} (or {@code MOUNT_UNWATCHABLE});
 *   <li>a new container root file system ({@link ContainerRootfs}) is marked the same way and its
 *       {@code watch.container_roots} join the {@link WatchScope};
 *   <li>a watched file system no longer mounted anywhere is forgotten ({@code MOUNT_FORGOTTEN}); when
 *       only the mount the agent resolved it through went away, another mount of it takes over.
 * </ul>
 *
 * <p>A file opened between the mount and the mark is not seen (a window of one poll wake-up).
 * Reader thread only (the initial pass runs in {@code start()} before the reader starts).
 */
final class MountWatcher implements AutoCloseable {
  interface Reporter {
    void report(SensorEvent.Kind kind, String message);
  }

  private final FsMarks marks;
  private final List<String> roots;
  private final Reporter reporter;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment cs = LibC.newCallState(arena);
  private WatchScope scope;
  private MountTable table;
  private Map<Integer, MountTable.Mount> byId = Map.of();
  private int fd = -1;
  private long changes;
  private boolean aliasMounts;

  MountWatcher(FsMarks marks, List<String> roots, WatchScope scope, Reporter reporter) {
    this.marks = marks;
    this.roots = List.copyOf(roots);
    this.scope = scope;
    this.reporter = reporter;
  }

  /** Opens {@code /proc/self/mountinfo} for polling; on failure mounts made later are not seen (logged). */
  void open() {
    fd = LibC.open(cs, arena.allocateFrom("/proc/self/mountinfo"), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      FanotifySensor.LOG.warn("cannot open /proc/self/mountinfo ({}): mounts made after start are not watched",
          dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.errnoName(LibC.errno(cs)));
    }
  }

  /** The fd to poll for {@code POLLPRI}, or -1. */
  int fd() {
    return fd;
  }

  WatchScope scope() {
    return scope;
  }

  MountTable table() {
    return table;
  }

  /**
   * True when the agent's namespace has a second mount of a watched file system (a bind mount):
   * fd-mode paths outside the scope must then be mapped before they are ignored.
   */
  boolean aliasMounts() {
    return aliasMounts;
  }

  /** Mount table changes handled since start. */
  long changes() {
    return changes;
  }

  /** A mount of the agent's namespace by id, or {@code null} (then it belongs to another namespace). */
  MountTable.Mount ownMount(int id) {
    return byId.get(id);
  }

  /**
   * The first pass at start: marks the file systems mounted below the roots and the container root
   * file systems present now (the roots' own file systems are marked by the caller first).
   */
  void initial(MountTable t) throws SensorException {
    for (MountTable.Mount m : t.mounts()) {
      consider(m, false);
    }
    adopt(t);
    aliasMounts = computeAliases(t);
  }

  private boolean computeAliases(MountTable t) {
    for (MountTable.Mount m : t.mounts()) {
      WatchedFs fs = marks.byDev(m.dev());
      if (fs != null && !fs.mountPoint().equals(m.mountPoint())) {
        return true;
      }
    }
    return false;
  }

  /** The table changed: marks new mounts, forgets vanished file systems. Returns true when the scope or marks changed. */
  boolean changed() throws SensorException {
    changes++;
    MountTable t = MountTable.read();
    boolean any = false;
    for (MountTable.Mount m : t.mounts()) {
      if (!byId.containsKey(m.id())) {
        any |= consider(m, true);
      }
    }
    for (MountTable.Mount old : byId.values()) {
      if (t.byId(old.id()) == null) {
        any |= gone(old, t);
      }
    }
    adopt(t);
    aliasMounts = computeAliases(t);
    return any;
  }

  private void adopt(MountTable t) {
    table = t;
    Map<Integer, MountTable.Mount> m = new HashMap<>();
    for (MountTable.Mount x : t.mounts()) {
      m.put(x.id(), x);
    }
    byId = m;
  }

  private boolean consider(MountTable.Mount m, boolean report) throws SensorException {
    if (m.pseudo()) {
      return false;
    }
    String root = rootAbove(m.mountPoint());
    if (root != null) {
      if (marks.byDev(m.dev()) != null) {
        if (report) {
          reporter.report(SensorEvent.Kind.MOUNT_WATCHED, describe(m) + " below root " + root
              + ": already covered by the file-system mark of " + marks.byDev(m.dev()).mountPoint());
        }
        return false;
      }
      FsMarks.Outcome o = marks.mark(m, m.mountPoint(), "mounted below " + root, null, false);
      outcome(m, o, "below root " + root);
      return o.added();
    }
    ContainerRootfs c = scope.watchesContainers() ? ContainerRootfs.recognise(m.mountPoint(), m.fsType()) : null;
    if (c != null && marks.byDev(m.dev()) == null) {
      FsMarks.Outcome o = marks.mark(m, m.mountPoint(), "container " + c.describe(), c, false);
      outcome(m, o, "root file system of container " + c.describe());
      if (o.fs() != null) {
        scope = scope.withContainer(c);
        return true;
      }
    }
    return false;
  }

  private void outcome(MountTable.Mount m, FsMarks.Outcome o, String what) {
    if (o.fs() == null) {
      String line = describe(m) + " (" + what + ") cannot be watched: " + o.failure()
          + (o.fallback() == null ? "" : "; " + o.fallback());
      FanotifySensor.LOG.warn("{}", line);
      reporter.report(SensorEvent.Kind.MOUNT_UNWATCHABLE, line);
      return;
    }
    String how = o.fs().fid() ? "watched (fid mode, file-system mark)"
        : "watched in fd mode (file-system mark)" + (o.fallback() == null ? "" : "; FID mode refused: " + o.fallback());
    reporter.report(SensorEvent.Kind.MOUNT_WATCHED, describe(m) + " (" + what + "): " + how);
  }

  private boolean gone(MountTable.Mount old, MountTable now) {
    WatchedFs fs = marks.byDev(old.dev());
    if (fs == null) {
      return false;
    }
    if (now.hasDevice(old.dev())) {
      if (fs.mountPoint().equals(old.mountPoint())) {
        for (MountTable.Mount m : now.mounts()) {
          if (m.dev().equals(old.dev())) {
            marks.rehome(fs, m);
            break;
          }
        }
      }
      return false;
    }
    marks.forget(old.dev());
    if (fs.container() != null) {
      scope = scope.withoutContainer(fs.container().mountPoint());
    }
    reporter.report(SensorEvent.Kind.MOUNT_FORGOTTEN, describe(old) + " (" + fs.why() + ") unmounted: forgotten");
    return true;
  }

  private String rootAbove(String mountPoint) {
    for (String r : roots) {
      if (MountTable.under(mountPoint, r)) {
        return r;
      }
    }
    return null;
  }

  static String describe(MountTable.Mount m) {
    return m.fsType() + " " + m.source() + " (" + m.dev() + ") at " + m.mountPoint();
  }

  @Override
  public void close() {
    if (fd >= 0) {
      LibC.close(cs, fd);
      fd = -1;
    }
    arena.close();
  }
}
