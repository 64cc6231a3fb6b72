package dev.aiaudit.server.dashboard;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions made by signing in with a token: a random session id in an HttpOnly SameSite=Strict cookie, and
 * per session a CSRF token the pages send back in {@code X-CSRF-Token} on every write. In memory only: a restart
 * signs everyone out. At most {@link #MAX_SESSIONS}; the oldest go first.
 */
final class Sessions {
  static final String COOKIE = "aiaudit_session";
  static final int MAX_SESSIONS = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Session(Principal principal, Instant expires) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Duration lifetime;
  private final Clock clock;

  Sessions(Duration lifetime, Clock clock) {
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** A new session for the token's principal; returns the session id for the cookie. */
  String open(Principal tokenPrincipal) {
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.entrySet().stream().min(Map.Entry.comparingByValue((a, b) -> a.expires().compareTo(b.expires())))
          .ifPresent(e -> sessions.remove(e.getKey()));
    }
    String id = random();
    sessions.put(id, new Session(new Principal(tokenPrincipal.name(), tokenPrincipal.role(), random()),
        clock.instant().plus(lifetime)));
    return id;
  }

  Optional<Principal> lookup(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    if (clock.instant().isAfter(s.expires())) {
      sessions.remove(id);
      return Optional.empty();
    }
    return Optional.of(s.principal());
  }

  void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  Duration lifetime() {
    return lifetime;
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
