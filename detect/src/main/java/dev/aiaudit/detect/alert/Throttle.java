package dev.aiaudit.detect.alert;

import dev.aiaudit.model.AlertEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dedup and throttling per rule and group key: within a window at most {@code max} alerts of one
 * (rule, group key) pass; the rest are counted, never dropped silently. The next alert of that key
 * carries the count ({@link AlertEvent#suppressed()}: it stands for {@code suppressed + 1} matches);
 * when a window closes with matches still counted and no later alert came, {@link #expire} emits
 * the last suppressed alert as a summary standing for all of them.
 *
 * <p>State is bounded ({@code maxKeys}); evicting a key that holds a count emits its summary first.
 * Not thread-safe: the detection stage calls it from one thread.
 */
public final class Throttle {
  /** Keys kept at most, across rules. */
  public static final int DEFAULT_MAX_KEYS = 50_000;

  private final int maxKeys;
  private final Map<String, State> states = new LinkedHashMap<>(1024, 0.75f, true);
  private long suppressedTotal;

  public Throttle(int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be >= 1");
    }
    this.maxKeys = maxKeys;
  }

  private static final class State {
    long windowStartNs;
    long windowNs;
    int passed;
    long suppressed;
    AlertEvent lastSuppressed;
  }

  /**
   * Offers an alert. Returns the alert to emit (carrying the count of matches suppressed before it)
   * or {@code null} when it is suppressed (counted). {@code window == null} means no throttle.
   */
  public AlertEvent offer(AlertEvent a, Duration window, int max, long nowNs, List<AlertEvent> evicted) {
    if (window == null) {
      return a;
    }
    String key = a.ruleId() + '\u0000' + a.groupKey();
    State s = states.get(key);
    if (s == null) {
      if (states.size() >= maxKeys) {
        evictOldest(evicted);
      }
      s = new State();
      s.windowStartNs = nowNs;
      s.windowNs = window.toNanos();
      states.put(key, s);
    } else if (nowNs - s.windowStartNs >= s.windowNs) {
      s.windowStartNs = nowNs;
      s.windowNs = window.toNanos();
      s.passed = 0;
    }
    if (s.passed < max) {
      s.passed++;
      long n = s.suppressed;
      s.suppressed = 0;
      s.lastSuppressed = null;
      return n == 0 ? a : a.withSuppressed(n);
    }
    s.suppressed++;
    s.lastSuppressed = a;
    suppressedTotal++;
    return null;
  }

  /** Summaries of keys whose window closed while matches were counted; those keys are forgotten. */
  public List<AlertEvent> expire(long nowNs) {
    List<AlertEvent> out = new ArrayList<>();
    Iterator<State> it = states.values().iterator();
    while (it.hasNext()) {
      State s = it.next();
      if (nowNs - s.windowStartNs >= s.windowNs) {
        if (s.suppressed > 0) {
          out.add(s.lastSuppressed.withSuppressed(s.suppressed - 1));
        }
        it.remove();
      }
    }
    return out;
  }

  /** Summaries of every key still holding a count (at shutdown); clears the state. */
  public List<AlertEvent> drain() {
    List<AlertEvent> out = new ArrayList<>();
    for (State s : states.values()) {
      if (s.suppressed > 0) {
        out.add(s.lastSuppressed.withSuppressed(s.suppressed - 1));
      }
    }
    states.clear();
    return out;
  }

  private void evictOldest(List<AlertEvent> evicted) {
    Iterator<State> it = states.values().iterator();
    State s = it.next();
    if (s.suppressed > 0) {
      evicted.add(s.lastSuppressed.withSuppressed(s.suppressed - 1));
    }
    it.remove();
  }

  /** Matches suppressed so far (each is represented by a later alert's count). */
  public long suppressedTotal() {
    return suppressedTotal;
  }

  public int keys() {
    return states.size();
  }
}
