package dev.aiaudit.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.cli.config.AgentConfig;
import dev.aiaudit.journal.HighWaterMark;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.testing.Events;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 7: a crash leaves the journal with a torn last record that the index already holds; at the
 * next start the journal trims it, the index is cut back to the journal's end, and the new record that
 * reuses the seq is indexed (not skipped as a duplicate).
 */
class AgentRecoveryTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  @TempDir Path tmp;

  @Test
  void start_afterTornTailTrim_indexCutBackAndReusedSeqIndexed() throws Exception {
    Path data = tmp.resolve("data");
    Path jdir = data.resolve("journal");
    Path cps = jdir.resolve("checkpoints.log");
    Path hwm = HighWaterMark.fileFor(jdir);
    List<RecordedEvent> indexed = new ArrayList<>();
    try (Journal j = Journal.open(jdir, JournalOptions.defaults())) {
      indexed.addAll(j.append(List.of(Events.sample(0, T0), Events.sample(1, T0 + 1), Events.sample(2, T0 + 2))));
    }
    // the signed state as of seq 3: what a crash before the next checkpoint leaves behind
    Files.copy(cps, tmp.resolve("cps.saved"));
    Files.copy(hwm, tmp.resolve("hwm.saved"));
    try (Journal j = Journal.open(jdir, JournalOptions.defaults())) {
      for (int i = 3; i < 8; i++) {
        indexed.addAll(j.append(List.of(Events.sample(i, T0 + i))));
      }
    }
    Files.copy(tmp.resolve("cps.saved"), cps, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(tmp.resolve("hwm.saved"), hwm, StandardCopyOption.REPLACE_EXISTING);
    Path segment;
    try (Stream<Path> s = Files.list(jdir)) {
      segment = s.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList().getLast();
    }
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 7); // record 8 is torn
    }
    try (EventStore store = EventStore.openDuckDb(data.resolve("events.duckdb"))) {
      store.insert(indexed); // the index had all 8, the torn one included
    }

    Path root = Files.createDirectories(tmp.resolve("models"));
    AgentConfig cfg = AgentConfig.defaults().withDataDir(data)
        .withWatch(AgentConfig.defaults().watch().withRoots(List.of(root)).withGpuDevices(false));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (Agent agent = Agent.start(cfg, new PrintStream(log, true), EventClock.SYSTEM)) {
      assertThat(agent.journal().recovery().trimmedRecords()).isEqualTo(1);
      assertThat(agent.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(agent.journal().lastSeq()).isGreaterThanOrEqualTo(8); // seq 8 reused by a new record
    }
    assertThat(log.toString()).contains("index cut back to the journal's end: removed 1 rows after seq 7");

    Map<Long, String> journal = new TreeMap<>();
    try (Stream<RecordedEvent> s = Journal.read(jdir, 1)) {
      s.forEach(r -> journal.put(r.seq(), r.hash()));
    }
    Map<Long, String> index;
    try (EventStore store = EventStore.openDuckDb(data.resolve("events.duckdb"))) {
      index = store.query(EventQuery.all()).stream()
          .collect(Collectors.toMap(r -> r.seq(), r -> r.hash(), (a, b) -> a, TreeMap::new));
    }
    assertThat(index).isEqualTo(journal);
    assertThat(index.get(8L)).isNotEqualTo(indexed.get(7).hash());
  }
}
