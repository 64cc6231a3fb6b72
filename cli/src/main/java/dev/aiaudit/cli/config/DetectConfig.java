package dev.aiaudit.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Detection settings ({@code detect:} in the configuration file).
 *
 * @param enabled run detection in the agent (default true)
 * @param builtin load the built-in rule pack (default true)
 * @param rules extra rule files or directories ({@code *.yaml}), hot-reloaded on change
 * @param learning learning period of the stateful detectors (default 24h)
 * @param rareTimeZone time zone whose hours the rare-time detector learns (default: the host's)
 * @param warmUp records sent at start, before the sensor is attached, through a throwaway journal
 *     and a scratch detection engine so the JIT compiles the record-to-alert path first (default
 *     {@value #DEFAULT_WARM_UP}; 0 = off)
 * @param firstSeenImage run the (container image, asset) first-seen detector, which reads the
 *     container runtimes' on-host metadata to name a container's image (default true)
 * @param runtimeDirs where the runtimes keep that metadata (default: their usual locations)
 */
public record DetectConfig(Boolean enabled, Boolean builtin, List<Path> rules, Duration learning, String rareTimeZone,
    Integer warmUp, Boolean firstSeenImage, RuntimeDirsConfig runtimeDirs) {
  public static final Duration DEFAULT_LEARNING = Duration.ofHours(24);
  public static final int DEFAULT_WARM_UP = 100_000;

  public DetectConfig {
    enabled = enabled == null ? Boolean.TRUE : enabled;
    builtin = builtin == null ? Boolean.TRUE : builtin;
    rules = rules == null ? List.of() : List.copyOf(rules);
    learning = learning == null ? DEFAULT_LEARNING : learning;
    if (learning.isNegative()) {
      throw new IllegalArgumentException("learning must not be negative");
    }
    warmUp = warmUp == null ? DEFAULT_WARM_UP : warmUp;
    if (warmUp < 0) {
      throw new IllegalArgumentException("warm_up must be 0 (off) or a number of records, not " + warmUp);
    }
    firstSeenImage = firstSeenImage == null ? Boolean.TRUE : firstSeenImage;
    runtimeDirs = runtimeDirs == null ? RuntimeDirsConfig.defaults() : runtimeDirs;
    rareTimeZone = rareTimeZone == null ? java.time.ZoneId.systemDefault().getId() : rareTimeZone;
    try {
      java.time.ZoneId.of(rareTimeZone);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("rare_time_zone: unknown time zone '" + rareTimeZone + "' (e.g. UTC, Europe/Berlin)");
    }
  }

  public static DetectConfig defaults() {
    return new DetectConfig(null, null, null, null, null, null, null, null);
  }

  public DetectConfig withRules(List<Path> r) {
    return new DetectConfig(enabled, builtin, r, learning, rareTimeZone, warmUp, firstSeenImage, runtimeDirs);
  }

  public DetectConfig withWarmUp(int records) {
    return new DetectConfig(enabled, builtin, rules, learning, rareTimeZone, records, firstSeenImage, runtimeDirs);
  }

  public DetectConfig withEnabled(boolean e) {
    return new DetectConfig(e, builtin, rules, learning, rareTimeZone, warmUp, firstSeenImage, runtimeDirs);
  }

  public DetectConfig withLearning(Duration l) {
    return new DetectConfig(enabled, builtin, rules, l, rareTimeZone, warmUp, firstSeenImage, runtimeDirs);
  }

  public DetectConfig withFirstSeenImage(boolean on, RuntimeDirsConfig roots) {
    return new DetectConfig(enabled, builtin, rules, learning, rareTimeZone, warmUp, on, roots);
  }
}
