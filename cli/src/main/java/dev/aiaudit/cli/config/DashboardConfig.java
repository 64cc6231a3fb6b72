package dev.aiaudit.cli.config;

import dev.aiaudit.model.text.SafeText;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The dashboard of {@code ai-audit up} ({@code dashboard:} in the configuration file); each key is overridden by the
 * matching {@code up} option. The host scans of {@code up} follow {@code scan.every} / {@code scan.profiles} and its
 * policy watch {@code policy_manifests}, as the agent's do.
 *
 * @param bind address the server listens on (default {@code 127.0.0.1}: loopback only)
 * @param port TCP port (default 8480; 0 picks a free one)
 * @param tlsCert PEM certificate: serve HTTPS (with {@code tlsKey})
 * @param tlsKey PEM private key of {@code tlsCert}
 * @param maxBody largest request body accepted (default 64KiB, at least 1KiB, at most 1GiB)
 * @param requestsPerMinute requests per minute per client before 429 (default 600)
 * @param sessionLifetime how long a browser session cookie stays valid (default 12h, at least 1m)
 */
public record DashboardConfig(
    String bind, Integer port, Path tlsCert, Path tlsKey, Long maxBody, Integer requestsPerMinute, Duration sessionLifetime) {
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_PORT = 8480;
  public static final long DEFAULT_MAX_BODY = 64 * 1024;
  public static final int DEFAULT_REQUESTS_PER_MINUTE = 600;
  public static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofHours(12);

  public DashboardConfig {
    bind = bind == null ? DEFAULT_BIND : bind.trim();
    if (bind.isEmpty() || !bind.matches("[A-Za-z0-9.:_%\\[\\]-]+") || bind.length() > 255) {
      throw new IllegalArgumentException("dashboard.bind must be an IP address or host name, not '"
          + SafeText.capped(bind, 100) + "'");
    }
    port = port == null ? DEFAULT_PORT : port;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("dashboard.port must be 0..65535 (0 picks a free port), not " + port);
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("dashboard.tls_" + (tlsCert == null ? "key" : "cert")
          + " needs dashboard.tls_" + (tlsCert == null ? "cert" : "key") + " too");
    }
    maxBody = maxBody == null ? DEFAULT_MAX_BODY : maxBody;
    if (maxBody < 1024 || maxBody > (1L << 30)) {
      throw new IllegalArgumentException("dashboard.max_body must be 1KiB..1GiB, not " + maxBody + " bytes");
    }
    requestsPerMinute = requestsPerMinute == null ? DEFAULT_REQUESTS_PER_MINUTE : requestsPerMinute;
    if (requestsPerMinute < 1) {
      throw new IllegalArgumentException("dashboard.requests_per_minute must be at least 1, not " + requestsPerMinute);
    }
    sessionLifetime = sessionLifetime == null ? DEFAULT_SESSION_LIFETIME : sessionLifetime;
    if (sessionLifetime.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("dashboard.session_lifetime must be at least 1m, not " + sessionLifetime);
    }
  }

  public static DashboardConfig defaults() {
    return new DashboardConfig(null, null, null, null, null, null, null);
  }
}
