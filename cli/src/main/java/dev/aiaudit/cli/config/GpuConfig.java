package dev.aiaudit.cli.config;

import java.time.Duration;
import java.util.Locale;

/**
 * GPU telemetry settings ({@code gpu:} in the configuration file).
 *
 * @param enabled {@code auto} (default: on when NVML is present, else one line and a sensor record saying it is off),
 *     {@code true} (the agent does not start without NVML) or {@code false}
 * @param interval sampling interval (default 10s, at least 100ms)
 */
public record GpuConfig(String enabled, Duration interval) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  private static final Duration MIN_INTERVAL = Duration.ofMillis(100);

  public GpuConfig {
    enabled = enabled == null ? "auto" : enabled.trim().toLowerCase(Locale.ROOT);
    if (!enabled.equals("auto") && !enabled.equals("true") && !enabled.equals("false")) {
      throw new IllegalArgumentException("gpu.enabled must be auto, true or false, not '" + enabled + "'");
    }
    interval = interval == null ? DEFAULT_INTERVAL : interval;
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      throw new IllegalArgumentException("gpu.interval must be at least 100ms, not " + interval);
    }
  }

  public static GpuConfig defaults() {
    return new GpuConfig(null, null);
  }

  /** Telemetry is off by configuration. */
  public boolean off() {
    return enabled.equals("false");
  }

  /** The agent must not start without NVML. */
  public boolean required() {
    return enabled.equals("true");
  }
}
