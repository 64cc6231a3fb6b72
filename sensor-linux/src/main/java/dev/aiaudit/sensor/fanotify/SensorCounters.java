package dev.aiaudit.sensor.fanotify;

import dev.aiaudit.sensor.SensorStats;
import java.util.concurrent.atomic.AtomicLong;

/** The sensor's counters, shared by the reader and enrichment threads. */
final class SensorCounters {
  final AtomicLong eventsRead = new AtomicLong();
  final AtomicLong eventsEmitted = new AtomicLong();
  final AtomicLong overflows = new AtomicLong();
  final AtomicLong readsCoalesced = new AtomicLong();
  final AtomicLong enrichMisses = new AtomicLong();
  final AtomicLong queueDrops = new AtomicLong();
  final AtomicLong outsideRoots = new AtomicLong();
  final AtomicLong ignoreMarks = new AtomicLong();
  final AtomicLong openEventFds = new AtomicLong();
  final AtomicLong selfEvents = new AtomicLong();
  /** fd-mode events on a mount of another namespace whose process was gone before its mount table was read. */
  final AtomicLong unresolvedNs = new AtomicLong();

  SensorStats snapshot() {
    return new SensorStats(eventsRead.get(), eventsEmitted.get(), overflows.get(), readsCoalesced.get(),
        enrichMisses.get(), queueDrops.get(), outsideRoots.get(), ignoreMarks.get(), openEventFds.get());
  }
}
