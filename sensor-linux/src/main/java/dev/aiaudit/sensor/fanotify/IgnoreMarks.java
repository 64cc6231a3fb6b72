package dev.aiaudit.sensor.fanotify;

import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.EEXIST;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.EINVAL;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_EVENT_ON_CHILD;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_ADD;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_EVICTABLE;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_IGNORED_MASK;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_IGNORED_SURV_MODIFY;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_IGNORE_SURV;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_INODE;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_ONDIR;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.errnoName;

import dev.aiaudit.sensor.fanotify.internal.LibC;
import java.lang.foreign.MemorySegment;

/**
 * Evictable ignore marks for what lies outside the roots, so the kernel stops queueing its events:
 * in FID mode one per directory (covering its direct children, so ancestors of a root are safe), in
 * fd mode one per inode. {@code FAN_MARK_IGNORE_SURV | FAN_MARK_EVICTABLE} (kernel 6.0+), the
 * {@code FAN_MARK_IGNORED_MASK} form on 5.19, off (user-space filtering only) on older kernels; at
 * most {@link #MAX_IGNORE_MARKS} in all (fs.fanotify.max_user_marks is shared with others). Reader
 * thread only.
 */
final class IgnoreMarks {
  /** At most this many ignore marks are placed. */
  static final long MAX_IGNORE_MARKS = 100_000;

  private final SensorCounters counters;
  private final MemorySegment cs;
  private int dirFlags = FAN_MARK_IGNORE_SURV | FAN_MARK_EVICTABLE;
  private int inodeFlags = FAN_MARK_IGNORE_SURV | FAN_MARK_EVICTABLE;

  IgnoreMarks(SensorCounters counters, MemorySegment callState) {
    this.counters = counters;
    this.cs = callState;
  }

  /** Ignores the direct children of the directory open as {@code dirFd} (FID group {@code group}). */
  void ignoreDir(int group, int dirFd) {
    if (dirFlags == 0 || counters.ignoreMarks.get() >= MAX_IGNORE_MARKS) {
      return;
    }
    int rc = LibC.fanotifyMark(cs, group, FAN_MARK_ADD | FAN_MARK_INODE | dirFlags,
        FsMarks.EVENT_MASK | FAN_ONDIR | FAN_EVENT_ON_CHILD, dirFd, MemorySegment.NULL);
    if (rc == 0) {
      counters.ignoreMarks.incrementAndGet();
      return;
    }
    int errno = LibC.errno(cs);
    if (errno == EEXIST) {
      return;
    }
    if (errno == EINVAL && (dirFlags & FAN_MARK_IGNORE_SURV) == FAN_MARK_IGNORE_SURV) {
      dirFlags = FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORED_SURV_MODIFY | FAN_MARK_EVICTABLE;
      ignoreDir(group, dirFd);
      return;
    }
    FanotifySensor.LOG.warn("evictable directory ignore marks unavailable ({}): events outside the roots are filtered"
        + " in user space only", errnoName(errno));
    dirFlags = 0;
  }

  /** Ignores the inode open as {@code fd} (fd group {@code group}). */
  void ignoreInode(int group, int fd) {
    if (inodeFlags == 0 || counters.ignoreMarks.get() >= MAX_IGNORE_MARKS) {
      return;
    }
    int rc = LibC.fanotifyMark(cs, group, FAN_MARK_ADD | FAN_MARK_INODE | inodeFlags, FsMarks.EVENT_MASK, fd,
        MemorySegment.NULL);
    if (rc == 0) {
      counters.ignoreMarks.incrementAndGet();
      return;
    }
    int errno = LibC.errno(cs);
    if (errno == EEXIST) {
      return; // a non-evictable mark of ours is on this inode
    }
    if (errno == EINVAL && (inodeFlags & FAN_MARK_IGNORE_SURV) == FAN_MARK_IGNORE_SURV) {
      inodeFlags = FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORED_SURV_MODIFY | FAN_MARK_EVICTABLE; // kernel 5.19
      ignoreInode(group, fd);
      return;
    }
    FanotifySensor.LOG.warn("evictable ignore marks unavailable ({}): events outside the roots are filtered in user"
        + " space only", errnoName(errno));
    inodeFlags = 0;
  }
}
