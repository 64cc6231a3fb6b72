package dev.aiaudit.testing;

import dev.aiaudit.model.EventClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. */
public final class TestClock implements EventClock {
  private final AtomicLong nowNs;

  private TestClock(long startNs) {
    this.nowNs = new AtomicLong(startNs);
  }

  /** Starts at 2026-01-01T00:00:00Z. */
  public static TestClock create() {
    return new TestClock(1_767_225_600_000_000_000L);
  }

  public static TestClock at(long ns) {
    return new TestClock(ns);
  }

  @Override
  public long nowNs() {
    return nowNs.get();
  }

  public void advance(Duration d) {
    nowNs.addAndGet(d.toNanos());
  }
}
