package dev.aiaudit.server.admission;

import java.time.Duration;

/**
 * How long and how many: what keeps slow or numerous clients from starving the API server's requests.
 *
 * @param headerTimeout from the first byte of a request (or the TCP accept, for a connection's first
 *     request, so the TLS handshake counts) to its complete header; past it the connection is closed
 * @param bodyTimeout from the complete header to the answer (reading the body is what takes time); past it
 *     the connection is closed
 * @param idleTimeout how long a keep-alive connection may wait, with nothing sent, for its next request
 * @param maxConnections open connections in all; one more makes the server close the connection that has
 *     waited longest in its header or body, so a newcomer always gets in
 * @param maxConnectionsPerIp open connections from one client address; more are closed at once
 */
public record WebhookLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout,
    int maxConnections, int maxConnectionsPerIp) {

  /** 5 s header, 5 s body, 60 s keep-alive, 1,024 connections, 128 per address. */
  public static final WebhookLimits DEFAULTS =
      new WebhookLimits(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60), 1024, 128);

  public WebhookLimits {
    for (Duration d : new Duration[] {headerTimeout, bodyTimeout, idleTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive: " + d);
      }
    }
    if (maxConnections < 2 || maxConnectionsPerIp < 1 || maxConnectionsPerIp > maxConnections) {
      throw new IllegalArgumentException("need 2 <= maxConnections and 1 <= maxConnectionsPerIp <= maxConnections: "
          + maxConnections + ", " + maxConnectionsPerIp);
    }
  }
}
