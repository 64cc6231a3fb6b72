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
   * /dev/neuron*}), sorted; directories and symlinks are left out.
   */
  public static List<Path> presentGpuDeviceNodes() {
    TreeSet<Path> found = new TreeSet<>();
    for (String glob : AssetClassifier.GPU_DEVICE_GLOBS) {
      int star = glob.indexOf('*');
      Path dir = Path.of(star < 0 ? glob : glob.substring(0, star)).getParent();
      if (star < 0) {
        Path p = Path.of(glob);
        if (isDeviceNode(p)) {
          found.add(p);
        }
        continue;
      }
      if (dir == null || !Files.isDirectory(dir)) {
        continue;
      }
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
        for (Path p : s) {
          if (m.matches(p) && isDeviceNode(p)) {
            found.add(p);
          }
        }
      } catch (IOException e) {
        // unreadable directory: nothing to watch there
      }
    }
    return List.copyOf(found);
  }

  private static boolean isDeviceNode(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS)
        && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
        && !Files.isSymbolicLink(p);
  }
}
