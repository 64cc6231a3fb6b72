package dev.aiaudit.server.admission;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the webhook: answered reviews (allowed/denied), rejected requests by status, time spent. */
public final class WebhookStats {

  private final LongAdder allowed = new LongAdder();
  private final LongAdder denied = new LongAdder();
  private final LongAdder badRequests = new LongAdder();
  private final LongAdder tooLarge = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder nanos = new LongAdder();
  /** Server-side handling time (body read to response written into the buffer), 10 µs buckets to 20 ms. */
  private final java.util.concurrent.atomic.AtomicLongArray histogram = new java.util.concurrent.atomic.AtomicLongArray(BUCKETS + 1);
  static final int BUCKET_MICROS = 10;
  static final int BUCKETS = 2000;

  void answered(boolean wasAllowed, long elapsedNanos) {
    (wasAllowed ? allowed : denied).increment();
    nanos.add(elapsedNanos);
    histogram.incrementAndGet((int) Math.min(BUCKETS, elapsedNanos / 1000 / BUCKET_MICROS));
  }

  /** Upper bound of the bucket holding the q-quantile of server-side handling time, in microseconds. */
  public long handlingMicros(double q) {
    long total = allowed() + denied();
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i <= BUCKETS; i++) {
      seen += histogram.get(i);
      if (seen >= rank) {
        return (long) (i + 1) * BUCKET_MICROS;
      }
    }
    return (long) (BUCKETS + 1) * BUCKET_MICROS;
  }

  void rejected(int status) {
    switch (status) {
      case 400 -> badRequests.increment();
      case 413 -> tooLarge.increment();
      default -> failures.increment();
    }
  }

  public long allowed() {
    return allowed.sum();
  }

  public long denied() {
    return denied.sum();
  }

  public long badRequests() {
    return badRequests.sum();
  }

  public long tooLarge() {
    return tooLarge.sum();
  }

  public long failures() {
    return failures.sum();
  }

  @Override
  public String toString() {
    return "allowed=" + allowed() + " denied=" + denied() + " badRequests=" + badRequests()
        + " tooLarge=" + tooLarge() + " failures=" + failures()
        + " handling(p50<=" + handlingMicros(0.5) + "us p99<=" + handlingMicros(0.99) + "us)";
  }
}
