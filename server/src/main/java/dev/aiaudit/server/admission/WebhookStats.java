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

  void answered(boolean wasAllowed, long elapsedNanos) {
    (wasAllowed ? allowed : denied).increment();
    nanos.add(elapsedNanos);
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
        + " tooLarge=" + tooLarge() + " failures=" + failures();
  }
}
