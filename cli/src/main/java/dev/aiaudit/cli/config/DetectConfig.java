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
 * @param learning learning period of the first-seen detectors (default 24h)
 */
public record DetectConfig(Boolean enabled, Boolean builtin, List<Path> rules, Duration learning) {
  public static final Duration DEFAULT_LEARNING = Duration.ofHours(24);

  public DetectConfig {
    enabled = enabled == null ? Boolean.TRUE : enabled;
    builtin = builtin == null ? Boolean.TRUE : builtin;
    rules = rules == null ? List.of() : List.copyOf(rules);
    learning = learning == null ? DEFAULT_LEARNING : learning;
    if (learning.isNegative()) {
      throw new IllegalArgumentException("learning must not be negative");
    }
  }

  public static DetectConfig defaults() {
    return new DetectConfig(null, null, null, null);
  }

  public DetectConfig withRules(List<Path> r) {
    return new DetectConfig(enabled, builtin, r, learning);
  }

  public DetectConfig withEnabled(boolean e) {
    return new DetectConfig(e, builtin, rules, learning);
  }
}
