package dev.aiaudit.sensor.proc;

import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.AT_FDCWD;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_CLASS_NOTIF;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_CLOEXEC;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_ADD;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_MARK_FILESYSTEM;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_NONBLOCK;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_OPEN_EXEC;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_Q_OVERFLOW;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_CLOEXEC;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_LARGEFILE;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_RDONLY;

import dev.aiaudit.sensor.SensorException;
import dev.aiaudit.sensor.fanotify.MountTable;
import dev.aiaudit.sensor.fanotify.internal.FanotifyConstants;
import dev.aiaudit.sensor.fanotify.internal.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executable of every exec, race-free: a fanotify group of its own (notification class, fd
 * mode) with a {@code FAN_OPEN_EXEC} mark on every file system mounted in this mount namespace
 * ({@code FAN_MARK_FILESYSTEM}, so every mount of it, in any namespace, is covered), and on each
 * file system mounted later ({@link #rescanMounts()}). The kernel opens the executed file for us, so
 * its path is read from the event's fd even when the process has exited already. Each event hands
 * {@code (pid, path)} to the sink; the ELF interpreter of a dynamically linked binary also arrives
 * as an exec open and is told apart by {@link #isLoader(String)}.
 *
 * <p>Not thread-safe: one caller at a time (the {@link ProcessMonitor} holds its lock).
 */
public final class ExecWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecWatcher.class);
  private static final Set<String> PSEUDO = Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue", "debugfs",
      "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl", "hugetlbfs", "autofs", "binfmt_misc", "nsfs",
      "efivarfs", "rpc_pipefs", "selinuxfs");
  private static final int BUF_SIZE = 64 * 1024;
  private static final int META_LEN = 24;
  private static final byte[] FD_PREFIX = "/proc/self/fd/".getBytes(StandardCharsets.US_ASCII);

  /** Receives one exec open: the opening process and the executed file's path. */
  @FunctionalInterface
  public interface Sink {
    void exec(int pid, String path);
  }

  private final Arena arena = Arena.ofShared();
  private final MemorySegment cs = LibC.newCallState(arena);
  private final MemorySegment buf = arena.allocate(BUF_SIZE, 8);
  private final MemorySegment link = arena.allocate(4096);
  private final MemorySegment fdPath = arena.allocate(64);
  private final int fd;
  private final Set<String> markedDevices = new HashSet<>();
  private long overflows;
  private long events;

  private ExecWatcher(int fd) {
    this.fd = fd;
    MemorySegment.copy(FD_PREFIX, 0, fdPath, ValueLayout.JAVA_BYTE, 0, FD_PREFIX.length);
  }

  /** Creates the group and marks every file system now mounted. */
  public static ExecWatcher open() throws SensorException {
    int fd;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment cs = LibC.newCallState(a);
      fd = LibC.fanotifyInit(cs, FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY | O_LARGEFILE | O_CLOEXEC);
      if (fd < 0) {
        throw new SensorException("exec watcher: fanotify_init failed: " + FanotifyConstants.errnoName(LibC.errno(cs)));
      }
    }
    ExecWatcher w = new ExecWatcher(fd);
    if (w.rescanMounts() == 0) {
      w.close();
      throw new SensorException("exec watcher: no file system could be marked for FAN_OPEN_EXEC");
    }
    return w;
  }

  public int fd() {
    return fd;
  }

  /**
   * Marks each file system in /proc/self/mountinfo not marked yet (pseudo file systems skipped).
   *
   * @return file systems newly marked
   */
  public int rescanMounts() {
    MountTable table = MountTable.readOrNull(Path.of("/proc/self/mountinfo"));
    if (table == null) {
      LOG.warn("exec watcher: cannot read /proc/self/mountinfo");
      return 0;
    }
    int added = 0;
    try (Arena a = Arena.ofConfined()) {
      for (MountTable.Mount m : table.mounts()) {
        if (PSEUDO.contains(m.fsType()) || markedDevices.contains(m.dev())) {
          continue;
        }
        int rc = LibC.fanotifyMark(cs, fd, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, FAN_OPEN_EXEC, AT_FDCWD,
            a.allocateFrom(m.mountPoint()));
        if (rc == 0) {
          markedDevices.add(m.dev());
          added++;
        } else {
          LOG.debug("exec watcher: cannot mark {} ({}): {}", m.mountPoint(), m.fsType(),
              FanotifyConstants.errnoName(LibC.errno(cs)));
        }
      }
    }
    return added;
  }

  /** File systems marked so far. */
  public int markedFileSystems() {
    return markedDevices.size();
  }

  /**
   * Reads every queued event (non-blocking), hands {@code (pid, path)} of each to the sink and
   * closes every event fd.
   *
   * @return queue overflows seen during this call (exec opens were lost)
   */
  public int drain(Sink sink) {
    int lost = 0;
    for (int round = 0; round < 10_000; round++) {
      long n = LibC.read(cs, fd, buf, BUF_SIZE);
      if (n <= 0) {
        break;
      }
      long off = 0;
      while (off + META_LEN <= n) {
        int len = buf.get(ValueLayout.JAVA_INT_UNALIGNED, off);
        if (len < META_LEN || off + len > n) {
          break;
        }
        long mask = buf.get(ValueLayout.JAVA_LONG_UNALIGNED, off + 8);
        int efd = buf.get(ValueLayout.JAVA_INT_UNALIGNED, off + 16);
        int pid = buf.get(ValueLayout.JAVA_INT_UNALIGNED, off + 20);
        if ((mask & FAN_Q_OVERFLOW) != 0) {
          lost++;
          overflows++;
        }
        if (efd >= 0) {
          String path = (mask & FAN_OPEN_EXEC) != 0 ? pathOf(efd) : null;
          LibC.close(cs, efd);
          if (path != null) {
            events++;
            sink.exec(pid, path);
          }
        }
        off += len;
      }
    }
    return lost;
  }

  private String pathOf(int efd) {
    int p = FD_PREFIX.length;
    String digits = Integer.toString(efd);
    for (int i = 0; i < digits.length(); i++) {
      fdPath.set(ValueLayout.JAVA_BYTE, p + i, (byte) digits.charAt(i));
    }
    fdPath.set(ValueLayout.JAVA_BYTE, p + digits.length(), (byte) 0);
    long len = LibC.readlink(cs, fdPath, link, link.byteSize() - 1);
    if (len <= 0) {
      return null;
    }
    link.set(ValueLayout.JAVA_BYTE, len, (byte) 0);
    String s = link.getString(0);
    return s.endsWith(" (deleted)") ? s.substring(0, s.length() - 10) : s;
  }

  /**
   * True for the dynamic loader ({@code ld-linux-x86-64.so.2}, {@code ld-linux-aarch64.so.1},
   * {@code ld64.so.2}, {@code ld-musl-x86_64.so.1}, {@code ld.so}): the kernel opens it for execution
   * after the binary itself, so it is not the process's executable unless nothing else was opened.
   */
  public static boolean isLoader(String path) {
    String base = path.substring(path.lastIndexOf('/') + 1);
    return base.startsWith("ld-linux") || base.startsWith("ld-musl-") || base.startsWith("ld64.so")
        || base.equals("ld.so") || base.startsWith("ld.so.") || (base.startsWith("ld-") && base.contains(".so"));
  }

  /** Queue overflows since open. */
  public long overflows() {
    return overflows;
  }

  /** Exec opens read since open. */
  public long events() {
    return events;
  }

  @Override
  public void close() {
    LibC.close(cs, fd);
    arena.close();
  }
}
