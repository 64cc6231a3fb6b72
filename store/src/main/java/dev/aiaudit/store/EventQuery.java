package dev.aiaudit.store;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.SensorEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A filter over indexed events. Every criterion is optional ({@code null} or empty means "any");
 * the criteria given must all hold. Build with {@link #builder()}.
 *
 * @param from inclusive lower bound on the event time, or {@code null}
 * @param to exclusive upper bound on the event time, or {@code null}
 * @param classUids OCSF classes to return ({@link FileEvent#CLASS_UID}, {@link SensorEvent#CLASS_UID}); empty: all
 * @param assetKinds asset kinds to return; empty: all (sensor events have none, so any kind excludes them)
 * @param pathGlob glob on the absolute path: {@code *} matches any run of characters including
 *     {@code /}, {@code ?} one character, {@code [abc]} a set; a path without wildcards matches itself
 * @param process all digits: the pid; with a {@code /}: a glob on the executable path; otherwise the
 *     executable's base name (wildcards allowed, e.g. {@code python*})
 * @param user all digits: the uid; otherwise the user name
 * @param container a prefix of the container id or of the Kubernetes pod uid
 * @param activities file activities to return; empty: all
 * @param limit the most rows returned; 0 for no limit
 * @param newestFirst order by time descending (the default is ascending, oldest first)
 * @param host the recording host's name (exact; a fleet store holds many), or {@code null} for any
 */
public record EventQuery(
    Instant from,
    Instant to,
    Set<Integer> classUids,
    Set<AssetKind> assetKinds,
    String pathGlob,
    String process,
    String user,
    String container,
    Set<FileActivity> activities,
    int limit,
    boolean newestFirst,
    String host) {

  /** Rows returned when a builder sets no limit. */
  public static final int DEFAULT_LIMIT = 1000;

  public EventQuery {
    classUids = Set.copyOf(classUids);
    assetKinds = Set.copyOf(assetKinds);
    activities = Set.copyOf(activities);
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (0: no limit): " + limit);
    }
    if (from != null && to != null && to.isBefore(from)) {
      throw new IllegalArgumentException("time range ends (" + to + ") before it starts (" + from + ")");
    }
  }

  /** Every event, oldest first, without a limit. */
  public static EventQuery all() {
    return builder().limit(0).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects the criteria; each setter checks its argument at once. */
  public static final class Builder {
    private Instant from;
    private Instant to;
    private final Set<Integer> classUids = new java.util.HashSet<>();
    private final Set<AssetKind> assetKinds = EnumSet.noneOf(AssetKind.class);
    private String pathGlob;
    private String process;
    private String user;
    private String container;
    private final Set<FileActivity> activities = EnumSet.noneOf(FileActivity.class);
    private int limit = DEFAULT_LIMIT;
    private boolean newestFirst;
    private String host;

    private Builder() {}

    /** Inclusive lower bound on the event time; {@code null} clears it. */
    public Builder from(Instant from) {
      this.from = from;
      return this;
    }

    /** Exclusive upper bound on the event time; {@code null} clears it. */
    public Builder to(Instant to) {
      this.to = to;
      return this;
    }

    /**
     * Restricts to OCSF classes (1001 file activity, 1007 process launches, 1008 sensor events, 2003
     * compliance findings, 2004 alerts, 1099 GPU telemetry).
     */
    public Builder classUids(Collection<Integer> uids) {
      for (Integer u : uids) {
        if (u == null || (u != FileEvent.CLASS_UID && u != SensorEvent.CLASS_UID && u != FindingEvent.CLASS_UID
            && u != dev.aiaudit.model.ProcessEvent.CLASS_UID && u != dev.aiaudit.model.AlertEvent.CLASS_UID
            && u != dev.aiaudit.model.GpuEvent.CLASS_UID)) {
          throw new IllegalArgumentException("unknown class_uid " + u + " (expected " + FileEvent.CLASS_UID + ", "
              + dev.aiaudit.model.ProcessEvent.CLASS_UID + ", " + SensorEvent.CLASS_UID + ", " + FindingEvent.CLASS_UID
              + ", " + dev.aiaudit.model.AlertEvent.CLASS_UID + " or " + dev.aiaudit.model.GpuEvent.CLASS_UID + ")");
        }
        classUids.add(u);
      }
      return this;
    }

    public Builder assetKinds(Collection<AssetKind> kinds) {
      kinds.forEach(k -> assetKinds.add(Objects.requireNonNull(k, "asset kind")));
      return this;
    }

    public Builder activities(Collection<FileActivity> acts) {
      acts.forEach(a -> activities.add(Objects.requireNonNull(a, "activity")));
      return this;
    }

    public Builder pathGlob(String glob) {
      this.pathGlob = nonBlank(glob, "path glob");
      return this;
    }

    public Builder process(String process) {
      this.process = nonBlank(process, "process");
      return this;
    }

    public Builder user(String user) {
      this.user = nonBlank(user, "user");
      return this;
    }

    public Builder container(String container) {
      this.container = nonBlank(container, "container");
      return this;
    }

    /** The most rows returned; 0 for no limit. */
    public Builder limit(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("limit must be >= 0 (0: no limit): " + limit);
      }
      this.limit = limit;
      return this;
    }

    /** Only records of this host (the name the agent recorded); {@code null} clears it. */
    public Builder host(String host) {
      this.host = host == null ? null : nonBlank(host, "host");
      return this;
    }

    public Builder newestFirst(boolean newestFirst) {
      this.newestFirst = newestFirst;
      return this;
    }

    public EventQuery build() {
      return new EventQuery(from, to, classUids, assetKinds, pathGlob, process, user, container, activities, limit,
          newestFirst, host);
    }

    private static String nonBlank(String s, String what) {
      if (s == null) {
        return null;
      }
      if (s.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return s;
    }
  }
}
