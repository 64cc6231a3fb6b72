package dev.aiaudit.sensor;

/**
 * Counters of a sensor since it started.
 *
 * @param eventsRead kernel event records read (fanotify) or matching fds seen (poller)
 * @param eventsEmitted events handed to the consumer (file events and sensor events)
 * @param overflows FAN_Q_OVERFLOW records read: each means the kernel dropped events
 * @param readsCoalesced read notifications folded into an earlier READ record, or into the OPEN record of the same
 *     kernel event ({@code FileEvent.reads()})
 * @param enrichMisses events whose process had exited before /proc could be read (pid kept)
 * @param queueDrops events dropped because the sensor's internal queue to the enrichment thread was full
 * @param outsideRoots events on files outside every watched root, discarded in user space
 * @param ignoreMarks evictable ignore marks placed on inodes outside the roots
 * @param openEventFds event fds currently open (0 between read batches; a leak would show here)
 * @param attributionInherited process resolutions that carry the parent's exe/user (forked, not exec'd, or exec unread)
 * @param attributionUnknown process resolutions that lack exe or user ({@code unmapped.attribution} unknown)
 */
public record SensorStats(
    long eventsRead,
    long eventsEmitted,
    long overflows,
    long readsCoalesced,
    long enrichMisses,
    long queueDrops,
    long outsideRoots,
    long ignoreMarks,
    long openEventFds,
    long attributionInherited,
    long attributionUnknown) {

  public static final SensorStats ZERO = new SensorStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Counters without attribution counts (a sensor that resolves no processes). */
  public SensorStats(long eventsRead, long eventsEmitted, long overflows, long readsCoalesced, long enrichMisses,
      long queueDrops, long outsideRoots, long ignoreMarks, long openEventFds) {
    this(eventsRead, eventsEmitted, overflows, readsCoalesced, enrichMisses, queueDrops, outsideRoots, ignoreMarks,
        openEventFds, 0, 0);
  }

  /** The same counters with the attribution counts replaced. */
  public SensorStats withAttribution(long inherited, long unknown) {
    return new SensorStats(eventsRead, eventsEmitted, overflows, readsCoalesced, enrichMisses, queueDrops, outsideRoots,
        ignoreMarks, openEventFds, inherited, unknown);
  }
}
