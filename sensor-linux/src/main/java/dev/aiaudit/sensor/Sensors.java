package dev.aiaudit.sensor;

import dev.aiaudit.model.AssetClassifier;
import dev.aiaudit.model.Event;
import dev.aiaudit.sensor.fanotify.FanotifySensor;
import dev.aiaudit.sensor.poll.ProcFdPoller;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Creates the best sensor this process may run. */
public final class Sensors {
  private static final int CAP_SYS_ADMIN = 21;

  private Sensors() {}

  /**
   * fanotify when CAP_SYS_ADMIN is held; otherwise prints one line to stderr ({@code ai-audit: no
   * CAP_SYS_ADMIN: falling back to the /proc fd poller (lower fidelity: ...)}) and returns the
   * poller, which emits a {@code SENSOR_DEGRADED} event when started. When CAP_SYS_ADMIN is held but
   * the kernel still refuses fanotify (EPERM, e.g. in a user namespace), {@link Sensor#start()}
   * falls back the same way.
   *
   * @param out called from the sensor's threads; must not block (e.g. {@code BatchingSink::offer})
   */
  public static Sensor create(SensorConfig config, Consumer<Event> out) {
    return create(config, out, hasCapSysAdmin(), System.err);
  }

  static Sensor create(SensorConfig config, Consumer<Event> out, boolean capSysAdmin, PrintStream err) {
    if (!capSysAdmin) {
      return degraded(config, out, "no CAP_SYS_ADMIN", err);
    }
    return new FallbackSensor(FanotifySensor.create(config, out), () -> degraded(config, out,
        "fanotify refused (EPERM)", err));
  }

  static Sensor degraded(SensorConfig config, Consumer<Event> out, String reason, PrintStream err) {
    err.println(fallbackLine(reason, config));
    return ProcFdPoller.create(config, out, reason);
  }

  static String fallbackLine(String reason, SensorConfig config) {
    return "ai-audit: " + reason + ": falling back to the /proc fd poller (lower fidelity: sees only files held open"
        + " at a scan every " + config.pollInterval().toMillis() + " ms, misses short-lived opens, no read counts,"
        + " no exec/modify events)";
  }

  /** True when CapEff in /proc/self/status holds CAP_SYS_ADMIN. */
  public static boolean hasCapSysAdmin() {
    try {
      return capEffHasSysAdmin(Files.readString(Path.of("/proc/self/status")));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static boolean capEffHasSysAdmin(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("CapEff:")) {
        long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
        return (caps & (1L << CAP_SYS_ADMIN)) != 0;
      }
    }
    return false;
  }

  /**
   * GPU and accelerator device nodes present on this host ({@code /dev/nvidia*}, {@code
   * /dev/nvidia-caps/*}, {@code /dev/dri/*}, {@code /dev/kfd}, {@code /dev/accel/*}, {@code
   * /dev/neuron*}), sorted; only character and block devices: directories, symlinks, regular files, FIFOs
   * and sockets are left out.
   */
  public static List<Path> presentGpuDeviceNodes() {
    return presentGpuDeviceNodes(Path.of("/"));
  }

  /**
   * As {@link #presentGpuDeviceNodes()}, with the globs resolved under {@code root} instead of {@code /}
   * (a container root, or a test tree). The paths returned are under {@code root}.
   */
  static List<Path> presentGpuDeviceNodes(Path root) {
    TreeSet<Path> found = new TreeSet<>();
    Path slash = Path.of("/");
    for (String glob : AssetClassifier.GPU_DEVICE_GLOBS) {
      int star = glob.indexOf('*');
      if (star < 0) {
        Path p = root.resolve(glob.substring(1));
        if (isDeviceNode(p)) {
          found.add(p);
        }
        continue;
      }
      // the directory that holds the wildcard component: "/dev/dri/*" lists /dev/dri, "/dev/nvidia*" lists /dev
      String head = glob.substring(0, star);
      Path globDir = head.endsWith("/") ? Path.of(head) : Path.of(head).getParent();
      if (globDir == null) {
        continue;
      }
      Path dir = root.resolve(slash.relativize(globDir).toString());
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
        for (Path p : s) {
          if (m.matches(slash.resolve(root.relativize(p).toString())) && isDeviceNode(p)) {
            found.add(p);
          }
        }
      } catch (IOException e) {
        // unreadable directory: nothing to watch there
      }
    }
    return List.copyOf(found);
  }

  /** S_IFMT, S_IFCHR and S_IFBLK of {@code st_mode}. */
  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;

  private static boolean isDeviceNode(Path p) {
    try {
      int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      int type = mode & S_IFMT;
      return type == S_IFCHR || type == S_IFBLK;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
