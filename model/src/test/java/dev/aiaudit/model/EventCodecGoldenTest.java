package dev.aiaudit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bytes of the JSON encoding are part of the journal format (the chain hash covers them, and the fleet verifier
 * re-encodes events to check hashes), so a faster encoder must write exactly what the journal already holds. The
 * golden files were written by the encoder of 2026-12-02 (before the reusable writer); regenerate them only for a
 * deliberate, versioned format change ({@code -Daiaudit.golden.write=<dir>} writes them there).
 */
class EventCodecGoldenTest {

  private static final String LINES = "/codec/golden-events.jsonl";
  private static final String DIGEST = "/codec/golden-2000.sha256";

  @Test
  void encode_writesTheSameBytesAsTheJournalFormatOf20261202() throws Exception {
    List<Event> events = events(new Random(20261202), 60);
    StringBuilder now = new StringBuilder();
    for (Event e : events) {
      now.append(EventCodec.encodeToString(e)).append('\n');
    }
    String dir = System.getProperty("aiaudit.golden.write");
    if (dir != null) {
      Files.writeString(Path.of(dir, "golden-events.jsonl"), now.toString());
      Files.writeString(Path.of(dir, "golden-2000.sha256"), digest(events(new Random(7), 2000)) + "\n");
    }
    assertThat(now.toString()).isEqualTo(resource(LINES));
    assertThat(digest(events(new Random(7), 2000))).isEqualTo(resource(DIGEST).strip());
  }

  @Test
  void reusableWriter_writesWhatEncodeWrites_eventAfterEvent() {
    EventCodec.Writer w = new EventCodec.Writer();
    for (Event e : events(new Random(11), 500)) {
      int n = w.encode(e);
      assertThat(java.util.Arrays.copyOf(w.buffer(), n)).isEqualTo(EventCodec.encode(e));
    }
  }

  private static String digest(List<Event> events) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Event e : events) {
      byte[] b = EventCodec.encode(e);
      sha.update(b);
      sha.update((byte) '\n');
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = EventCodecGoldenTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A deterministic mix of every record type, with nulls, escapes, non-ASCII text and extreme numbers. */
  static List<Event> events(Random r, int n) {
    List<Event> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long t = r.nextLong(0, Long.MAX_VALUE / 4);
      switch (i % 8) {
        case 0, 1, 2, 3 -> {
          FileActivity a = FileActivity.values()[r.nextInt(FileActivity.values().length)];
          AssetKind k = AssetKind.values()[r.nextInt(AssetKind.values().length)];
          FileOrigin o = r.nextInt(3) == 0 ? null
              : new FileOrigin(maybe(r), maybe(r), maybe(r), maybe(r), maybe(r));
          out.add(new FileEvent(t, t + r.nextLong(0, 1_000_000_000L), text(r), a, proc(r), "/" + text(r), k,
              1 + r.nextLong(0, 1_000_000), text(r), o, r.nextInt(2) == 0 ? 0 : r.nextLong(1, 1000)));
        }
        case 4 -> out.add(new ProcessEvent(t, t + r.nextLong(0, 1_000_000), text(r), proc(r), maybe(r), maybe(r), maybe(r),
            1 + r.nextLong(0, 100), "proc-connector"));
        case 5 -> out.add(new SensorEvent(t, text(r), SensorEvent.Kind.values()[r.nextInt(SensorEvent.Kind.values().length)],
            r.nextLong(0, 1000), text(r)));
        case 6 -> out.add(new FindingEvent(t, text(r), text(r), r.nextBoolean() ? "absent" : "compliant",
            r.nextBoolean() ? "non-compliant" : "compliant", text(r), text(r)));
        default -> out.add(new AlertEvent(t, text(r), "rule-" + r.nextInt(100), text(r), text(r),
            AlertSeverity.values()[r.nextInt(AlertSeverity.values().length)], List.of("T1005", text(r)),
            List.of(new AlertEvent.Citation(1 + r.nextInt(1000), "ab".repeat(32))), text(r), r.nextInt(5), text(r),
            "rules", null));
      }
    }
    return out;
  }

  private static ProcessInfo proc(Random r) {
    ProcessInfo p = new ProcessInfo(r.nextInt(0, 4_000_000), r.nextInt(-1, 4_000_000), r.nextInt(-1, 70_000), maybe(r),
        maybe(r), maybe(r), r.nextInt(4) == 0 ? 0 : r.nextLong(0, Long.MAX_VALUE / 4), maybe(r), maybe(r), maybe(r));
    return r.nextBoolean() ? p : p.withAttribution(Attribution.values()[r.nextInt(Attribution.values().length)], maybe(r));
  }

  private static String maybe(Random r) {
    return r.nextInt(4) == 0 ? null : text(r);
  }

  private static final String[] PIECES = {"python3", "/models/llama", "train.py --epochs 3", "\"q\"", "back\\slash",
      "tab\there", "nl\nx", "ctl\u0001", "é", "模型", "😀", " ", "-", "node-1", "/dev/nvidia0", "containerd", "0123abcd"};

  private static String text(Random r) {
    StringBuilder b = new StringBuilder();
    int k = 1 + r.nextInt(4);
    for (int i = 0; i < k; i++) {
      b.append(PIECES[r.nextInt(PIECES.length)]);
    }
    return b.toString();
  }
}
