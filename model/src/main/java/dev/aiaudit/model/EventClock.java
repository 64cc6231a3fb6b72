package dev.aiaudit.model;

import java.time.Instant;

/** Source of event time in ns since the epoch; injected so tests control time. */
@FunctionalInterface
public interface EventClock {

  /** The system clock, at the best precision the platform offers. */
  EventClock SYSTEM =
      () -> {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      };

  long nowNs();
}
