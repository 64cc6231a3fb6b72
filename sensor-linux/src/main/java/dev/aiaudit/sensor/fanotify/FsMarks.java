package dev.aiaudit.sensor.fanotify;

import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.AT_FDCWD;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.EACCES;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.EPERM;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_ACCESS;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_CLASS_NOTIF;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_CLOEXEC;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_CLOSE_WRITE;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_ADD;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_FILESYSTEM;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_INODE;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_MOUNT;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_REMOVE;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_NONBLOCK;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_OPEN;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_OPEN_EXEC;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_REPORT_DFID_NAME;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_CLOEXEC;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_LARGEFILE;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_RDONLY;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.errnoName;

import dev.aiaudit.sensor.SensorException;
import dev.aiaudit.sensor.fanotify.internal.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two fanotify groups and their marks. The <em>FID group</em> ({@code FAN_REPORT_DFID_NAME})
 * gets a {@code FAN_MARK_FILESYSTEM} mark on every file system that has file handles and a fsid, so
 * every mount of it (bind mounts, other mount namespaces, containers) is covered. The <em>fd group</em>
 * (created on first use) gets a {@code FAN_MARK_FILESYSTEM} mark, or failing that a mount mark, on a
 * file system the FID group cannot take (overlayfs on Linux 6.18, FUSE without file handles, ...,
 * or all of them when FID mode is off). The registry of marked file systems (by device and by fsid)
 * and the directory fds that {@code open_by_handle_at} needs live here too.
 *
 * <p>A file system holding a root at start keeps one directory fd open (pinned); file systems
 * mounted later or below a root are opened per lookup, so the agent never keeps them busy and
 * {@code umount} works. Not thread-safe: used by the starting thread, then by the reader thread only.
 */
final class FsMarks implements AutoCloseable {
  static final long EVENT_MASK = FAN_OPEN | FAN_OPEN_EXEC | FAN_ACCESS | FAN_CLOSE_WRITE;
  /** {@code MAX_HANDLE_SZ} of the kernel. */
  static final int MAX_HANDLE_SZ = 128;
  private static final ValueLayout.OfInt INT_U = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong LONG_U = ValueLayout.JAVA_LONG_UNALIGNED;

  /** What marking one file system gave: the registered file system, the fallback taken (or null), or the failure. */
  record Outcome(WatchedFs fs, String fallback, String failure, boolean added) {}

  private final boolean allowFid;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment cs = LibC.newCallState(arena);
  private int fidFd = -1;
  private int fdFd = -1;
  private final Map<String, WatchedFs> byDev = new LinkedHashMap<>();
  private final Map<Long, WatchedFs> byFsid = new HashMap<>();
  private final Map<Long, Integer> pinned = new HashMap<>();

  FsMarks(boolean allowFid) {
    this.allowFid = allowFid;
  }

  /** Creates the FID group when allowed and supported; else the fd group. */
  void init() throws SensorException {
    if (allowFid) {
      int fd = LibC.fanotifyInit(cs, FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK | FAN_REPORT_DFID_NAME,
          O_RDONLY | O_LARGEFILE | O_CLOEXEC);
      if (fd >= 0) {
        fidFd = fd;
        return;
      }
      int errno = LibC.errno(cs);
      if (errno == EPERM || errno == EACCES) {
        throw initFailure(errno);
      }
      FanotifySensor.LOG.info("fanotify FID mode unavailable (fanotify_init: {}); using fd mode", errnoName(errno));
    }
    fdGroup();
  }

  private int fdGroup() throws SensorException {
    if (fdFd < 0) {
      int fd = LibC.fanotifyInit(cs, FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY | O_LARGEFILE | O_CLOEXEC);
      if (fd < 0) {
        throw initFailure(LibC.errno(cs));
      }
      fdFd = fd;
    }
    return fdFd;
  }

  private static SensorException initFailure(int errno) {
    boolean perm = errno == EPERM || errno == EACCES;
    return new SensorException("fanotify_init failed: " + errnoName(errno)
        + (perm ? " (needs CAP_SYS_ADMIN in the initial user namespace)" : ""), perm, null);
  }

  int fidFd() {
    return fidFd;
  }

  int fdFd() {
    return fdFd;
  }

  boolean fidGroup() {
    return fidFd >= 0;
  }

  WatchedFs byFsid(long fsid) {
    return byFsid.get(fsid);
  }

  WatchedFs byDev(String dev) {
    return byDev.get(dev);
  }

  List<WatchedFs> all() {
    return List.copyOf(byDev.values());
  }

  /**
   * Marks the file system of mount {@code m}: in the FID group when it has file handles (checked on
   * {@code probe}, a directory on it), else in the fd group. A file system already marked is not
   * marked again ({@code added} false).
   *
   * @throws SensorException only when the kernel refuses for lack of privilege
   */
  Outcome mark(MountTable.Mount m, String probe, String why, ContainerRootfs container, boolean pin)
      throws SensorException {
    WatchedFs known = byDev.get(m.dev());
    if (known != null) {
      return new Outcome(known, null, null, false);
    }
    String fidProblem = null;
    if (fidFd >= 0) {
      fidProblem = tryFid(m, probe, why, container, pin);
      if (fidProblem == null) {
        return new Outcome(byDev.get(m.dev()), null, null, true);
      }
    }
    String fdProblem = markFdGroup(m.mountPoint());
    if (fdProblem == null) {
      WatchedFs fs = new WatchedFs(m.dev(), 0, m.fsType(), m.mountPoint(), m.root(), false, why, container);
      byDev.put(m.dev(), fs);
      return new Outcome(fs, fidProblem, null, true);
    }
    return new Outcome(null, fidProblem, fdProblem, false);
  }

  /** Returns null when the file system is now marked in the FID group, else the problem. */
  private String tryFid(MountTable.Mount m, String probe, String why, ContainerRootfs container, boolean pin)
      throws SensorException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment mp = a.allocateFrom(m.mountPoint());
      if (LibC.fanotifyMark(cs, fidFd, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, EVENT_MASK, AT_FDCWD, mp) < 0) {
        int errno = LibC.errno(cs);
        checkPerm(errno, m.mountPoint());
        return "fanotify_mark(FAN_MARK_FILESYSTEM) in FID mode: " + errnoName(errno);
      }
      String problem = probeHandles(a, m.mountPoint(), probe, pin);
      if (problem != null) {
        LibC.fanotifyMark(cs, fidFd, FAN_MARK_REMOVE | FAN_MARK_FILESYSTEM, EVENT_MASK, AT_FDCWD, mp);
        return problem;
      }
      register(m, why, container, true);
      return null;
    }
  }

  private long probedFsid;
  private int probedFd = -1;

  /** name_to_handle_at + statfs + open_by_handle_at on {@code probe}; registers nothing. */
  private String probeHandles(Arena a, String mountPoint, String probe, boolean pin) {
    probedFd = -1;
    MemorySegment fh = a.allocate(8 + MAX_HANDLE_SZ, 8);
    fh.set(INT_U, 0, MAX_HANDLE_SZ);
    MemorySegment mountId = a.allocate(ValueLayout.JAVA_INT);
    MemorySegment path = a.allocateFrom(probe);
    if (LibC.nameToHandleAt(cs, AT_FDCWD, path, fh, mountId, 0) < 0) {
      return "no file handles (name_to_handle_at: " + errnoName(LibC.errno(cs)) + ")";
    }
    int mfd = LibC.open(cs, a.allocateFrom(mountPoint), O_RDONLY | O_CLOEXEC);
    if (mfd < 0) {
      return "open " + mountPoint + ": " + errnoName(LibC.errno(cs));
    }
    MemorySegment st = a.allocate(LibC.STATFS_SIZE, 8);
    if (LibC.fstatfs(cs, mfd, st) < 0) {
      LibC.close(cs, mfd);
      return "fstatfs " + mountPoint + ": " + errnoName(LibC.errno(cs));
    }
    long fsid = st.get(LONG_U, LibC.STATFS_FSID_OFFSET);
    if (fsid == 0) {
      LibC.close(cs, mfd);
      return "no fsid (statfs f_fsid is 0)";
    }
    int fd = LibC.openByHandleAt(cs, mfd, fh, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      LibC.close(cs, mfd);
      return "open_by_handle_at: " + errnoName(LibC.errno(cs));
    }
    LibC.close(cs, fd);
    if (byFsid.containsKey(fsid)) {
      LibC.close(cs, mfd);
      return "fsid " + Long.toHexString(fsid) + " already used by " + byFsid.get(fsid).mountPoint();
    }
    probedFsid = fsid;
    if (pin) {
      probedFd = mfd;
    } else {
      LibC.close(cs, mfd);
    }
    return null;
  }

  private String markFdGroup(String mountPoint) throws SensorException {
    int g = fdGroup();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment mp = a.allocateFrom(mountPoint);
      if (LibC.fanotifyMark(cs, g, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, EVENT_MASK, AT_FDCWD, mp) == 0) {
        return null;
      }
      int errno = LibC.errno(cs);
      checkPerm(errno, mountPoint);
      if (LibC.fanotifyMark(cs, g, FAN_MARK_ADD | FAN_MARK_MOUNT, EVENT_MASK, AT_FDCWD, mp) == 0) {
        return null;
      }
      int errno2 = LibC.errno(cs);
      checkPerm(errno2, mountPoint);
      return "fanotify_mark in fd mode: " + errnoName(errno) + " (file system), " + errnoName(errno2) + " (mount)";
    }
  }

  /**
   * Registers a file system on which only directories are resolved (the parent of a device node in
   * FID mode); no file-system mark. Returns the problem, or null.
   */
  String registerForResolution(MountTable.Mount m, String probe) {
    if (fidFd < 0 || byDev.containsKey(m.dev())) {
      return null;
    }
    try (Arena a = Arena.ofConfined()) {
      String problem = probeHandles(a, m.mountPoint(), probe, true);
      if (problem == null) {
        register(m, "device nodes", null, true);
      }
      return problem;
    }
  }

  /** Inode mark on a device node, in the FID group (when {@code fid} and it exists) or the fd group. */
  void markInode(String path, boolean fid) throws SensorException {
    int g = fid && fidFd >= 0 ? fidFd : fdGroup();
    try (Arena a = Arena.ofConfined()) {
      if (LibC.fanotifyMark(cs, g, FAN_MARK_ADD | FAN_MARK_INODE, EVENT_MASK, AT_FDCWD, a.allocateFrom(path)) < 0) {
        int errno = LibC.errno(cs);
        throw new SensorException("fanotify_mark(inode) on " + path + " failed: " + errnoName(errno),
            errno == EPERM || errno == EACCES, null);
      }
    }
  }

  private void register(MountTable.Mount m, String why, ContainerRootfs container, boolean fid) {
    WatchedFs fs = new WatchedFs(m.dev(), fid ? probedFsid : 0, m.fsType(), m.mountPoint(), m.root(), fid, why, container);
    byDev.put(m.dev(), fs);
    if (fid) {
      byFsid.put(probedFsid, fs);
      if (probedFd >= 0) {
        pinned.put(probedFsid, probedFd);
        probedFd = -1;
      }
    }
  }

  private static void checkPerm(int errno, String path) throws SensorException {
    if (errno == EPERM || errno == EACCES) {
      throw new SensorException("fanotify_mark on " + path + " failed: " + errnoName(errno), true, null);
    }
  }

  /** The directory fd kept open on {@code fs}, or -1 when it is opened per lookup. */
  int pinnedFd(WatchedFs fs) {
    Integer p = pinned.get(fs.fsid());
    return p == null ? -1 : p;
  }

  /**
   * A directory fd on {@code fs} for open_by_handle_at, or -1: the pinned one, or one opened now on
   * its mount point and checked to be that file system (release with {@link #releaseMountFd}).
   */
  int acquireMountFd(WatchedFs fs, MemorySegment callState, MemorySegment pathBuf, MemorySegment statfsBuf) {
    Integer p = pinned.get(fs.fsid());
    if (p != null) {
      return p;
    }
    int fd = LibC.open(callState, pathBuf, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return -1;
    }
    if (LibC.fstatfs(callState, fd, statfsBuf) < 0 || statfsBuf.get(LONG_U, LibC.STATFS_FSID_OFFSET) != fs.fsid()) {
      LibC.close(callState, fd); // overmounted or gone: not the file system the handle belongs to
      return -1;
    }
    return fd;
  }

  void releaseMountFd(WatchedFs fs, int fd, MemorySegment callState) {
    if (fd >= 0 && !pinned.containsKey(fs.fsid())) {
      LibC.close(callState, fd);
    }
  }

  /** Resolves {@code fs} through another of its mounts from now on (the one it used went away). */
  void rehome(WatchedFs fs, MountTable.Mount m) {
    WatchedFs moved = new WatchedFs(fs.dev(), fs.fsid(), fs.fsType(), m.mountPoint(), m.root(), fs.fid(), fs.why(),
        fs.container());
    byDev.put(fs.dev(), moved);
    if (fs.fid()) {
      byFsid.put(fs.fsid(), moved);
    }
  }

  /** Forgets a file system that is no longer mounted anywhere (its marks went with its superblock). */
  WatchedFs forget(String dev) {
    WatchedFs fs = byDev.remove(dev);
    if (fs != null && fs.fid()) {
      byFsid.remove(fs.fsid());
      Integer p = pinned.remove(fs.fsid());
      if (p != null) {
        LibC.close(cs, p);
      }
    }
    return fs;
  }

  /** The mount points marked, for the description. */
  List<String> describe() {
    List<String> out = new ArrayList<>();
    for (WatchedFs fs : byDev.values()) {
      out.add(fs.mountPoint() + " (" + fs.fsType() + ", " + fs.mode() + ")");
    }
    return out;
  }

  @Override
  public void close() {
    for (int fd : pinned.values()) {
      LibC.close(cs, fd);
    }
    pinned.clear();
    if (fidFd >= 0) {
      LibC.close(cs, fidFd);
      fidFd = -1;
    }
    if (fdFd >= 0) {
      LibC.close(cs, fdFd);
      fdFd = -1;
    }
    byDev.clear();
    byFsid.clear();
    arena.close();
  }
}
