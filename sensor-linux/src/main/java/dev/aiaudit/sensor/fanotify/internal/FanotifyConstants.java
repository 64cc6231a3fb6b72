package dev.aiaudit.sensor.fanotify.internal;

/** Values from {@code <linux/fanotify.h>}, {@code <fcntl.h>} and {@code <errno.h>} (x86_64 and aarch64). */
public final class FanotifyConstants {
  private FanotifyConstants() {}

  // event mask bits
  public static final long FAN_ACCESS = 0x0000_0001L;
  public static final long FAN_MODIFY = 0x0000_0002L;
  public static final long FAN_CLOSE_WRITE = 0x0000_0008L;
  public static final long FAN_CLOSE_NOWRITE = 0x0000_0010L;
  public static final long FAN_OPEN = 0x0000_0020L;
  public static final long FAN_OPEN_EXEC = 0x0000_1000L;
  /** Permission event: the opener waits until the group answers ({@code struct fanotify_response}). */
  public static final long FAN_OPEN_PERM = 0x0001_0000L;
  /** {@code fanotify_response.response}: let the access go ahead. */
  public static final int FAN_ALLOW = 0x01;
  public static final long FAN_Q_OVERFLOW = 0x0000_4000L;
  public static final long FAN_ONDIR = 0x4000_0000L;
  public static final long FAN_EVENT_ON_CHILD = 0x0800_0000L;

  // fanotify_init flags
  public static final int FAN_CLOEXEC = 0x1;
  public static final int FAN_NONBLOCK = 0x2;
  public static final int FAN_CLASS_NOTIF = 0x0;
  /** A group that may receive permission events. */
  public static final int FAN_CLASS_CONTENT = 0x4;
  public static final int FAN_REPORT_FID = 0x200;
  public static final int FAN_REPORT_DIR_FID = 0x400;
  public static final int FAN_REPORT_NAME = 0x800;
  public static final int FAN_REPORT_DFID_NAME = FAN_REPORT_DIR_FID | FAN_REPORT_NAME;

  // info records after the metadata (FID groups)
  public static final int FAN_EVENT_INFO_TYPE_FID = 1;
  public static final int FAN_EVENT_INFO_TYPE_DFID_NAME = 2;
  public static final int FAN_EVENT_INFO_TYPE_DFID = 3;

  // fanotify_mark flags
  public static final int FAN_MARK_ADD = 0x1;
  public static final int FAN_MARK_REMOVE = 0x2;
  public static final int FAN_MARK_DONT_FOLLOW = 0x4;
  public static final int FAN_MARK_MOUNT = 0x10;
  public static final int FAN_MARK_IGNORED_MASK = 0x20;
  public static final int FAN_MARK_IGNORED_SURV_MODIFY = 0x40;
  public static final int FAN_MARK_FILESYSTEM = 0x100;
  public static final int FAN_MARK_EVICTABLE = 0x200;
  public static final int FAN_MARK_IGNORE = 0x400;
  public static final int FAN_MARK_IGNORE_SURV = FAN_MARK_IGNORE | FAN_MARK_IGNORED_SURV_MODIFY;
  public static final int FAN_MARK_INODE = 0x0;

  public static final int FANOTIFY_METADATA_VERSION = 3;
  public static final int FAN_NOFD = -1;

  // open(2) flags for the event fds
  public static final int O_RDONLY = 0;
  private static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));
  /** 0x8000 on x86_64, 0x20000 on aarch64 (where 0x8000 is O_NOFOLLOW). */
  public static final int O_LARGEFILE = AARCH64 ? 0x20000 : 0x8000;
  public static final int O_CLOEXEC = 0x80000;
  public static final int O_PATH = 0x200000;

  public static final int AT_FDCWD = -100;
  public static final short POLLIN = 0x1;

  // errno
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EAGAIN = 11;
  public static final int EACCES = 13;
  public static final int EEXIST = 17;
  public static final int ENODEV = 19;
  public static final int EINVAL = 22;
  public static final int EMFILE = 24;
  public static final int ENOSPC = 28;
  public static final int ENOSYS = 38;
  public static final int EOPNOTSUPP = 95;
  public static final int EXDEV = 18;
  public static final int EISDIR = 21;
  public static final int ESTALE = 116;

  /** Short errno name for messages; falls back to the number. */
  public static String errnoName(int errno) {
    return switch (errno) {
      case EPERM -> "EPERM";
      case ENOENT -> "ENOENT";
      case EINTR -> "EINTR";
      case EAGAIN -> "EAGAIN";
      case EACCES -> "EACCES";
      case EEXIST -> "EEXIST";
      case ENODEV -> "ENODEV";
      case EXDEV -> "EXDEV";
      case EISDIR -> "EISDIR";
      case ESTALE -> "ESTALE";
      case EINVAL -> "EINVAL";
      case EMFILE -> "EMFILE";
      case ENOSPC -> "ENOSPC";
      case ENOSYS -> "ENOSYS";
      case EOPNOTSUPP -> "EOPNOTSUPP";
      default -> "errno " + errno;
    };
  }
}
