package dev.aiaudit.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the sensor watches.
 *
 * @param roots directories to watch; {@code null} means the defaults ({@link #DEFAULT_ROOTS}),
 *     of which those that do not exist are skipped with a note. Roots given explicitly must exist.
 * @param gpuDevices {@code true} (default): also watch every GPU device node present
 * @param readCoalesce interval within which reads of one file by one process become one record
 * @param pollInterval scan interval of the unprivileged /proc poller fallback
 * @param processLaunches which execs become Launch records: {@code all} (default), {@code containers}, {@code none}
 * @param containerRoots paths inside containers watched in every container root file system as it appears
 *     ({@code watch.container_roots}); {@code null} means the sensor's defaults ({@code /models}, {@code /data},
 *     {@code /root/.cache/huggingface}, {@code /home/*}{@code /.cache/huggingface}); an empty list turns it off
 * @param strictAttribution {@code watch.strict_attribution} (default false): hold each opener of a file under a root
 *     until its /proc entries are read (FAN_OPEN_PERM; never denies, bounded wait)
 */
public record WatchConfig(List<Path> roots, Boolean gpuDevices, Duration readCoalesce, Duration pollInterval,
    String processLaunches,
    @com.fasterxml.jackson.databind.annotation.JsonDeserialize(contentUsing = ConfigLoader.ContainerRootDeserializer.class)
    List<String> containerRoots,
    Boolean strictAttribution) {

  /** The values of {@code watch.process_launches}. */
  public static final List<String> PROCESS_LAUNCHES = List.of("all", "containers", "none");

  /** Watched when no root is configured; missing ones are skipped. */
  public static final List<String> DEFAULT_ROOTS = List.of("/models", "/data", "~/.cache/huggingface");

  public WatchConfig {
    roots = roots == null ? null : List.copyOf(roots);
    gpuDevices = gpuDevices == null ? Boolean.TRUE : gpuDevices;
    readCoalesce = readCoalesce == null ? Duration.ofSeconds(1) : readCoalesce;
    pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
    processLaunches = processLaunches == null ? "all" : processLaunches.trim().toLowerCase(java.util.Locale.ROOT);
    if (!PROCESS_LAUNCHES.contains(processLaunches)) {
      throw new IllegalArgumentException("process_launches: '" + processLaunches + "' is not one of all, containers, none");
    }
    containerRoots = containerRoots == null ? null : List.copyOf(containerRoots);
    if (containerRoots != null) {
      containerRoots.forEach(dev.aiaudit.sensor.SensorConfig::checkContainerRoot);
    }
    strictAttribution = strictAttribution != null && strictAttribution;
  }

  /** Without strict attribution. */
  public WatchConfig(List<Path> roots, Boolean gpuDevices, Duration readCoalesce, Duration pollInterval,
      String processLaunches, List<String> containerRoots) {
    this(roots, gpuDevices, readCoalesce, pollInterval, processLaunches, containerRoots, false);
  }

  /** The four basic settings; launches default to {@code all}, container roots to the sensor's defaults. */
  public WatchConfig(List<Path> roots, Boolean gpuDevices, Duration readCoalesce, Duration pollInterval) {
    this(roots, gpuDevices, readCoalesce, pollInterval, null, null);
  }

  public static WatchConfig defaults() {
    return new WatchConfig(null, null, null, null, null, null, false);
  }

  public WatchConfig withProcessLaunches(String scope) {
    return new WatchConfig(roots, gpuDevices, readCoalesce, pollInterval, scope, containerRoots, strictAttribution);
  }

  public WatchConfig withContainerRoots(List<String> paths) {
    return new WatchConfig(roots, gpuDevices, readCoalesce, pollInterval, processLaunches, paths, strictAttribution);
  }

  public WatchConfig withStrictAttribution(boolean on) {
    return new WatchConfig(roots, gpuDevices, readCoalesce, pollInterval, processLaunches, containerRoots, on);
  }

  /** True when the roots were not configured and the defaults apply. */
  public boolean defaultRoots() {
    return roots == null;
  }

  public WatchConfig withRoots(List<Path> r) {
    return new WatchConfig(r, gpuDevices, readCoalesce, pollInterval, processLaunches, containerRoots, strictAttribution);
  }

  public WatchConfig withGpuDevices(boolean on) {
    return new WatchConfig(roots, on, readCoalesce, pollInterval, processLaunches, containerRoots, strictAttribution);
  }
}
