package dev.aiaudit.server.dashboard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client token buckets: each client address may make {@code perMinute} requests a minute on average, with
 * bursts up to the same number. Buckets that refilled completely are forgotten when the table grows past
 * {@link #MAX_CLIENTS}, so a flood of addresses cannot grow memory without bound.
 */
final class RateLimiter {
  static final int MAX_CLIENTS = 50_000;

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.lastNanos = now;
    }
  }

  private final int perMinute;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private long refused;

  RateLimiter(int perMinute) {
    if (perMinute <= 0) {
      throw new IllegalArgumentException("rate limit must be positive: " + perMinute);
    }
    this.perMinute = perMinute;
  }

  /** Takes one token for {@code client}; false when its bucket is empty. */
  boolean tryAcquire(String client, long nowNanos) {
    if (buckets.size() > MAX_CLIENTS) {
      buckets.values().removeIf(b -> refill(b, nowNanos) >= perMinute);
    }
    Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(perMinute, nowNanos));
    synchronized (b) {
      refill(b, nowNanos);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return true;
      }
    }
    synchronized (this) {
      refused++;
    }
    return false;
  }

  synchronized long refused() {
    return refused;
  }

  private double refill(Bucket b, long now) {
    synchronized (b) {
      double add = (now - b.lastNanos) / 60e9 * perMinute;
      b.tokens = Math.min(perMinute, b.tokens + Math.max(0, add));
      b.lastNanos = Math.max(b.lastNanos, now);
      return b.tokens;
    }
  }
}
