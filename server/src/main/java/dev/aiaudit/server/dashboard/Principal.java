package dev.aiaudit.server.dashboard;

import java.util.Objects;

/**
 * Who made a request: the token's name and role, and how it came (a bearer token, or a browser session whose
 * writes need the session's CSRF token).
 *
 * @param csrf the browser session's CSRF token; {@code null} for bearer-token requests
 */
public record Principal(String name, Role role, String csrf) {
  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
  }

  boolean viaSession() {
    return csrf != null;
  }
}
