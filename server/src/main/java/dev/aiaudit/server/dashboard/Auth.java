package dev.aiaudit.server.dashboard;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Who is asking, and may they: a bearer token ({@code Authorization: Bearer aia_...}) or a browser session cookie.
 * A session's writes must carry its CSRF token in {@code X-CSRF-Token}; a bearer request needs none (a browser
 * never adds that header by itself).
 */
final class Auth {
  static final String PRINCIPAL = "aiaudit.principal";
  static final String CSRF_HEADER = "X-CSRF-Token";

  private final TokenStore tokens;
  private final Sessions sessions;

  Auth(TokenStore tokens, Sessions sessions) {
    this.tokens = tokens;
    this.sessions = sessions;
  }

  Optional<Principal> resolve(Context ctx) {
    String h = ctx.header("Authorization");
    if (h != null) {
      return h.regionMatches(true, 0, "Bearer ", 0, 7) ? tokens.authenticate(h.substring(7).trim()) : Optional.empty();
    }
    return sessions.lookup(ctx.cookie(Sessions.COOKIE));
  }

  /** Wraps {@code h} so it runs only for a principal whose role covers {@code role} (JSON 401/403 otherwise). */
  Handler require(Role role, Handler h) {
    return ctx -> {
      Principal p = check(ctx, role);
      ctx.attribute(PRINCIPAL, p);
      h.handle(ctx);
    };
  }

  Principal check(Context ctx, Role role) {
    Principal p = resolve(ctx).orElseThrow(() -> new ApiException(401,
        ctx.header("Authorization") == null && ctx.cookie(Sessions.COOKIE) == null
            ? "authentication required: send Authorization: Bearer <token>"
            : "invalid or expired token"));
    if (!p.role().covers(role)) {
      throw new ApiException(403, "the " + p.role().id() + " role may not do this (needs " + role.id() + ")");
    }
    boolean write = !ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD");
    if (write && p.viaSession() && !sameSecret(p.csrf(), ctx.header(CSRF_HEADER))) {
      throw new ApiException(403, "missing or wrong " + CSRF_HEADER + " header (browser session writes need it)");
    }
    return p;
  }

  static Principal principal(Context ctx) {
    return ctx.attribute(PRINCIPAL);
  }

  TokenStore tokens() {
    return tokens;
  }

  Sessions sessions() {
    return sessions;
  }

  private static boolean sameSecret(String expected, String given) {
    return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
