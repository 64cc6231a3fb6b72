package dev.aiaudit.server.dashboard;

import dev.aiaudit.store.EventQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The count of a filter over a sliding window ("accesses to weights in the last 24 h") without counting the whole
 * window on every request: the count of [from, to) is kept, and the next one adds the rows of [to, now) and takes
 * away those of [from, now − window), two counts over short time ranges (the index's zone maps skip the rest). A
 * row indexed late with an event time inside the counted range is missed by the deltas, so the whole window is
 * counted again every {@link #EXACT_EVERY}.
 */
final class SlidingCount {
  static final Duration EXACT_EVERY = Duration.ofMinutes(1);

  private final ToLongFunction<EventQuery> count;
  private final Function<EventQuery.Builder, EventQuery.Builder> filter;
  private Instant from;
  private Instant to;
  private long n;
  private Instant exactAt;

  /** @param filter adds the criteria (class, kind, host) to a builder that has the time range */
  SlidingCount(ToLongFunction<EventQuery> count, Function<EventQuery.Builder, EventQuery.Builder> filter) {
    this.count = count;
    this.filter = filter;
  }

  private long count(Instant a, Instant b) {
    return count.applyAsLong(filter.apply(EventQuery.builder().from(a).to(b).limit(0)).build());
  }

  /** Rows of the filter in [now − window, now). */
  synchronized long over(Duration window, Instant now) {
    Instant start = now.minus(window);
    if (exactAt == null || !now.isBefore(exactAt.plus(EXACT_EVERY)) || start.isBefore(from) || now.isBefore(to)) {
      n = count(start, now);
      exactAt = now;
    } else {
      n += count(to, now) - count(from, start);
    }
    from = start;
    to = now;
    return n;
  }
}
