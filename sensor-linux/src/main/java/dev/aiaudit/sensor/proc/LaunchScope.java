package dev.aiaudit.sensor.proc;

import java.util.Locale;

/** Which execs become Launch records ({@code watch.process_launches}). */
public enum LaunchScope {
  /** every exec on the host. */
  ALL,
  /** execs of processes whose cgroup names a container or a Kubernetes pod. */
  CONTAINERS,
  /** none (losses of process events are still reported). */
  NONE;

  /** Parses {@code all}, {@code containers} or {@code none}, case-insensitively. */
  public static LaunchScope parse(String s) {
    for (LaunchScope v : values()) {
      if (v.name().equalsIgnoreCase(s.trim())) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + s + "' is not a launch scope (expected all, containers or none)");
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
