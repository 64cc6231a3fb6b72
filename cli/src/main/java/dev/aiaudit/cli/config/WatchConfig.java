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
 */
public record WatchConfig(List<Path> roots, Boolean gpuDevices, Duration readCoalesce, Duration pollInterval) {

  /** Watched when no root is configured; missing ones are skipped. */
  public static final List<String> DEFAULT_ROOTS = List.of("/models", "/data", "~/.cache/huggingface");

  public WatchConfig {
    roots = roots == null ? null : List.copyOf(roots);
    gpuDevices = gpuDevices == null ? Boolean.TRUE : gpuDevices;
    readCoalesce = readCoalesce == null ? Duration.ofSeconds(1) : readCoalesce;
    pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
  }

  public static WatchConfig defaults() {
    return new WatchConfig(null, null, null, null);
  }

  /** True when the roots were not configured and the defaults apply. */
  public boolean defaultRoots() {
    return roots == null;
  }

  public WatchConfig withRoots(List<Path> r) {
    return new WatchConfig(r, gpuDevices, readCoalesce, pollInterval);
  }

  public WatchConfig withGpuDevices(boolean on) {
    return new WatchConfig(roots, on, readCoalesce, pollInterval);
  }
}
