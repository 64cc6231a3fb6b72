package dev.aiaudit.cli.wiring;

import dev.aiaudit.model.Attribution;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessEvent;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Records with a process, counted by {@link Attribution} as they enter the agent's queue: what
 * {@code status.json} reports under {@code attribution} (file records and launch records apart).
 * Thread-safe.
 */
public final class AttributionCounts {
  private final AtomicLongArray file = new AtomicLongArray(Attribution.values().length);
  private final AtomicLongArray launch = new AtomicLongArray(Attribution.values().length);

  void count(Event e) {
    switch (e) {
      case FileEvent f -> file.incrementAndGet(f.process().attribution().ordinal());
      case ProcessEvent p -> launch.incrementAndGet(p.process().attribution().ordinal());
      default -> { }
    }
  }

  /** File records with attribution {@code a} so far. */
  public long files(Attribution a) {
    return file.get(a.ordinal());
  }

  /** Launch records with attribution {@code a} so far. */
  public long launches(Attribution a) {
    return launch.get(a.ordinal());
  }

  /** {@code {"file":{"exact":N,"inherited-from-parent":N,"unknown":N},"launch":{...}}}. */
  String json() {
    return "{\"file\":" + json(file) + ",\"launch\":" + json(launch) + "}";
  }

  private static String json(AtomicLongArray a) {
    StringBuilder b = new StringBuilder("{");
    for (Attribution at : Attribution.values()) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append('"').append(at.id()).append("\":").append(a.get(at.ordinal()));
    }
    return b.append('}').toString();
  }
}
