package dev.aiaudit.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.testing.Events;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class JournalPropertyTest {

  @Property(tries = 40)
  void append_randomBatches_readBackIdenticalAndVerify(
      @ForAll @Size(min = 1, max = 8) List<@Size(max = 60) List<@net.jqwik.api.From("events") Event>> batches,
      @ForAll @IntRange(min = 2, max = 64) int segmentKiB,
      @ForAll @IntRange(min = 1, max = 200) int checkpointEvery) throws IOException {
    Path dir = Files.createTempDirectory("journal-prop");
    try {
      JournalOptions opts = JournalOptions.defaults().withFsync(FsyncPolicy.NONE)
          .withSegmentBytes(segmentKiB * 1024L).withCheckpointEveryRecords(checkpointEvery);
      List<RecordedEvent> written = new ArrayList<>();
      try (Journal j = Journal.open(dir, opts)) {
        for (List<Event> b : batches) {
          written.addAll(j.append(b));
        }
      }
      try (Stream<RecordedEvent> s = Journal.read(dir, 1)) {
        assertThat(s.toList()).isEqualTo(written);
      }
      assertThat(written).extracting(RecordedEvent::event).isEqualTo(batches.stream().flatMap(List::stream).toList());
      VerifyResult v = JournalVerifier.verify(dir, null);
      assertThat(v.ok()).as(v.problem()).isTrue();
      assertThat(v.records()).isEqualTo(written.size());
    } finally {
      try (Stream<Path> w = Files.walk(dir)) {
        for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Provide
  Arbitrary<Event> events() {
    Arbitrary<Event> files = Arbitraries.longs().between(0, 1_000_000).flatMap(i ->
        Arbitraries.longs().between(0, Long.MAX_VALUE / 2).map(t -> (Event) Events.sample(i, t)));
    Arbitrary<Event> sensor = Arbitraries.of(SensorEvent.Kind.values()).flatMap(k ->
        Arbitraries.strings().ofMaxLength(200).map(msg -> (Event) new SensorEvent(1_767_225_600_000_000_000L, "host-\u00e9", k, 3, msg)));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, files), net.jqwik.api.Tuple.of(1, sensor));
  }
}
