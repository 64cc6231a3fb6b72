package dev.aiaudit.sensor.fanotify;

import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_CLOEXEC;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_RDONLY;

import dev.aiaudit.sensor.fanotify.internal.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;

/**
 * FID mode: the path of an event from its {@link FidNameRecord} (the parent directory's handle and
 * the file's name). The directory is resolved once (cached in a {@link DirCache} for {@link
 * #DIR_TTL_NANOS}, so a renamed directory shows its new path) with {@code open_by_handle_at} on a
 * directory fd of the marked file system + {@code readlink}; a directory outside the watch scope gets
 * one evictable ignore mark for its children, so the kernel stops reporting all its files. Reader
 * thread only.
 */
final class FidResolver {
  /** Directory cache entries are re-resolved after this long (a renamed directory shows its new path). */
  static final long DIR_TTL_NANOS = 5_000_000_000L;
  private static final ValueLayout.OfLong LONG_U = ValueLayout.JAVA_LONG_UNALIGNED;

  private final FsMarks marks;
  private final IgnoreMarks ignores;
  private final FdLink link;
  private final SensorCounters counters;
  private final MemorySegment cs;
  private final Set<String> deviceParents;
  private final DirCache dirs = new DirCache(1 << 16);
  private final FidNameRecord fid = new FidNameRecord();
  private final MemorySegment statfsBuf;
  private WatchScope scope;
  /** Strict attribution: told of each watched directory resolved (one made after start gets its mark), or null. */
  private final java.util.function.Consumer<String> onWatchedDir;
  private String path;
  private WatchedFs fs;

  FidResolver(Arena arena, MemorySegment callState, FsMarks marks, IgnoreMarks ignores, FdLink link,
      SensorCounters counters, Set<String> deviceParents, WatchScope scope, java.util.function.Consumer<String> onWatchedDir) {
    this.cs = callState;
    this.marks = marks;
    this.ignores = ignores;
    this.link = link;
    this.counters = counters;
    this.deviceParents = Set.copyOf(deviceParents);
    this.scope = scope;
    this.onWatchedDir = onWatchedDir;
    this.statfsBuf = arena.allocate(LibC.STATFS_SIZE, 8);
  }

  /** A new scope (a container came or went) or a forgotten file system: cached directories are resolved again. */
  void reset(WatchScope newScope) {
    this.scope = newScope;
    dirs.clear();
  }

  /**
   * Resolves the event at {@code offset}; true when it is watched ({@link #path()} and {@link #fs()}
   * then tell where), false when it is outside the scope (counted) or cannot be resolved.
   */
  boolean resolve(MemorySegment buf, long offset, int metadataLen, int eventLen) {
    if (!fid.find(buf, offset, metadataLen, eventLen)) {
      counters.outsideRoots.incrementAndGet(); // no name (e.g. an event on a mount root): cannot be under a root
      return false;
    }
    long fsid = fid.fsid();
    long handleOff = fid.handleOffset();
    long handleLen = fid.handleLength();
    long key = hash(buf, fsid, handleOff, handleLen);
    long nanos = System.nanoTime();
    DirCache.Dir d = dirs.get(key);
    if (d == null || nanos - d.resolvedAtNanos() > DIR_TTL_NANOS) {
      d = resolveDir(buf, key, fsid, handleOff, handleLen, nanos);
      if (d == null) {
        return false;
      }
    }
    if (!d.watched() && !d.deviceParent()) {
      counters.outsideRoots.incrementAndGet();
      return false;
    }
    String name = fid.name();
    String p = d.path().equals("/") ? "/" + name : d.path() + "/" + name;
    if (!d.watched() && !scope.matches(p)) {
      counters.outsideRoots.incrementAndGet();
      return false;
    }
    this.path = p;
    this.fs = d.fs();
    return true;
  }

  String path() {
    return path;
  }

  WatchedFs fs() {
    return fs;
  }

  private static long hash(MemorySegment buf, long fsid, long off, long len) {
    long h = 0xcbf29ce484222325L ^ fsid;
    h *= 0x100000001b3L;
    long i = 0;
    for (; i + 8 <= len; i += 8) {
      h = (h ^ buf.get(LONG_U, off + i)) * 0x100000001b3L;
    }
    for (; i < len; i++) {
      h = (h ^ buf.get(ValueLayout.JAVA_BYTE, off + i)) * 0x100000001b3L;
    }
    return h;
  }

  private DirCache.Dir resolveDir(MemorySegment buf, long key, long fsid, long handleOff, long handleLen, long nanos) {
    WatchedFs f = marks.byFsid(fsid);
    if (f == null) {
      counters.outsideRoots.incrementAndGet(); // a file system we no longer watch
      return null;
    }
    int mfd = marks.pinnedFd(f);
    if (mfd < 0) {
      try (Arena a = Arena.ofConfined()) {
        mfd = marks.acquireMountFd(f, cs, a.allocateFrom(f.mountPoint()), statfsBuf);
      }
    }
    if (mfd < 0) {
      counters.enrichMisses.incrementAndGet(); // mount point gone or overmounted
      return null;
    }
    int dfd;
    try {
      dfd = LibC.openByHandleAt(cs, mfd, buf.asSlice(handleOff, handleLen), O_RDONLY | O_CLOEXEC);
    } finally {
      marks.releaseMountFd(f, mfd, cs);
    }
    if (dfd < 0) {
      counters.enrichMisses.incrementAndGet(); // directory gone (ESTALE)
      return null;
    }
    counters.openEventFds.incrementAndGet();
    try {
      int len = link.read(dfd);
      if (len <= 0) {
        return null;
      }
      boolean watched = scope.matches(link.buffer(), len);
      String p = link.string();
      boolean deviceParent = deviceParents.contains(p);
      if (!watched && !deviceParent) { // covers direct children only, so ancestors of a root are safe
        ignores.ignoreDir(marks.fidFd(), dfd);
      }
      if (watched && onWatchedDir != null) {
        onWatchedDir.accept(p);
      }
      DirCache.Dir d = new DirCache.Dir(p, watched, deviceParent, nanos, f);
      dirs.put(key, d);
      return d;
    } finally {
      LibC.close(cs, dfd);
      counters.openEventFds.decrementAndGet();
    }
  }
}
