package dev.aiaudit.server.dashboard;

import java.util.Locale;

/** What a token may do: {@link #VIEWER} reads, {@link #ADMIN} also acknowledges alerts, triggers scans and manages tokens. */
public enum Role {
  VIEWER,
  ADMIN;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when this role may do what {@code needed} may. */
  public boolean covers(Role needed) {
    return this == ADMIN || needed == VIEWER;
  }

  /** {@code viewer} or {@code admin}. */
  public static Role parse(String s) {
    for (Role r : values()) {
      if (r.id().equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + s + "' (expected viewer or admin)");
  }
}
