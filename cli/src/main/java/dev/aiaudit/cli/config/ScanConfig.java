package dev.aiaudit.cli.config;

import java.time.Duration;
import java.util.List;

/**
 * Host scans inside the agent ({@code scan:} in the configuration file): the agent scans this host at start and then
 * every {@code every}, and journals each verdict that changed as a compliance finding.
 *
 * @param every interval between scans (default 1h); {@code 0s} turns the agent's scans off
 * @param profiles profiles to scan (default {@code ai-host})
 */
public record ScanConfig(Duration every, List<String> profiles) {
  public static final Duration DEFAULT_EVERY = Duration.ofHours(1);
  /** Shortest interval accepted: a scan reads a few hundred files, so a tighter loop only burns CPU. */
  public static final Duration MIN_EVERY = Duration.ofSeconds(1);

  public ScanConfig {
    every = every == null ? DEFAULT_EVERY : every;
    profiles = profiles == null ? List.of("ai-host") : List.copyOf(profiles);
    if (every.isNegative() || (!every.isZero() && every.compareTo(MIN_EVERY) < 0)) {
      throw new IllegalArgumentException("scan.every must be 0s (off) or at least 1s, got " + every);
    }
    if (profiles.isEmpty() && !every.isZero()) {
      throw new IllegalArgumentException("scan.profiles must name at least one profile (or set scan.every: 0s)");
    }
  }

  public static ScanConfig defaults() {
    return new ScanConfig(null, null);
  }

  /** True when the agent scans at all. */
  public boolean enabled() {
    return !every.isZero();
  }
}
