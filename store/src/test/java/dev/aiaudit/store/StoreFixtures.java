package dev.aiaudit.store;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FileOrigin;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.testing.Events;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Realistic, varied journal records for store tests: three kinds of process, sensor events among them. */
final class StoreFixtures {
  /** 2026-01-01T00:00:00Z in ns. */
  static final long T0 = 1_767_225_600_000_000_000L;

  /** A command line with a comma, quotes and a newline (CSV and table escaping). */
  static final String NASTY_CMDLINE = "cat a,\"b\"\nc";

  private StoreFixtures() {}

  static Instant at(long secondsAfterT0) {
    return Instant.ofEpochSecond(0, T0).plusSeconds(secondsAfterT0);
  }

  /** Records seq 1..n, one per second from {@link #T0}; every 50th is a sensor event. */
  static List<RecordedEvent> records(int n) {
    return records(1, n);
  }

  static List<RecordedEvent> records(long firstSeq, int n) {
    List<RecordedEvent> out = new ArrayList<>(n);
    for (long seq = firstSeq; seq < firstSeq + n; seq++) {
      out.add(new RecordedEvent(seq, hash(seq), event(seq)));
    }
    return out;
  }

  static Event event(long seq) {
    long i = seq - 1;
    long t = T0 + i * 1_000_000_000L + 123_456_789L;
    if (i % 50 == 49) {
      return new SensorEvent(t, "node-1", SensorEvent.Kind.QUEUE_OVERFLOW, i, "fanotify queue overflow");
    }
    FileEvent f = Events.sample(i, t);
    ProcessInfo p = switch ((int) (i % 3)) {
      case 0 -> f.process(); // python3.11, trainer/1000, container 3f9a2c1b7d4e, pod 7c1e4b2a-...
      case 1 -> new ProcessInfo(2000 + (int) (i % 5), -1, 0, "root", "/usr/bin/cat", NASTY_CMDLINE, 0L, null, null,
          null);
      default -> new ProcessInfo(3000 + (int) (i % 7), 1, 1001, null, "/opt/conda/bin/python", "python serve.py",
          T0 - 5_000_000_000L, "a1b2c3d4e5f60718", "docker", "9d8e7f6a-aaaa-bbbb-cccc-ddddeeeeffff");
    };
    FileOrigin origin = i % 4 == 3
        ? new FileOrigin(FileOrigin.NS_OTHER, "/models/w-" + i + ".safetensors", "c0ffee" + i, "containerd",
            "/models/w-" + i + ".safetensors")
        : null;
    return new FileEvent(f.timeNs(), f.endTimeNs() + (i % 2) * 1000, f.host(), f.activity(), p, f.path(), f.asset(),
        f.count(), f.source(), origin);
  }

  static String hash(long seq) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(ByteBuffer.allocate(8).putLong(seq).array()));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
