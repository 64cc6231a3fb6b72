package dev.aiaudit.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.cli.config.AgentConfig;
import dev.aiaudit.cli.config.ScanConfig;
import dev.aiaudit.journal.JournalVerifier;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.scan.ScanOptions;
import dev.aiaudit.scan.Scanner;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's host scans: the scan at start journals one finding per check of the profile (real journal and DuckDB
 * file), a restarted agent seeded from the index journals none for the unchanged host, and a finding the queue
 * refuses is offered again by the next scan.
 */
class AgentHostScanTest {
  @TempDir Path tmp;

  private AgentConfig config(Path root, Path data, ScanConfig scan) {
    return AgentConfig.defaults().withDataDir(data)
        .withWatch(AgentConfig.defaults().watch().withRoots(List.of(root)).withGpuDevices(false)).withScan(scan);
  }

  @Test
  void agentStart_scansHost_journalsEveryCheckOnce_restartAddsNothingForUnchangedHost() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("models"));
    Path data = tmp.resolve("data");
    ScanConfig scan = new ScanConfig(Duration.ofHours(1), List.of("kspp"));
    int checks = Scanner.builtin().scan(ScanOptions.builder("kspp").build()).results().size();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (Agent agent = Agent.start(config(root, data, scan), new PrintStream(log, true), EventClock.SYSTEM)) {
      awaitScan(agent, log);
    }
    assertThat(log.toString()).contains("ai-audit: host scan (kspp) at start and every PT1H")
        .contains(checks + " changed verdict(s) journaled");
    var v = JournalVerifier.verify(data.resolve("journal"), null);
    assertThat(v.ok()).as(v.problem()).isTrue();
    List<FindingEvent> first = scanFindings(data);
    assertThat(first).hasSize(checks).allSatisfy(f -> {
      assertThat(f.previousState()).isEqualTo("absent");
      assertThat(f.subject()).startsWith("scan:kspp/").doesNotContain("@");
    });

    ByteArrayOutputStream log2 = new ByteArrayOutputStream();
    try (Agent agent = Agent.start(config(root, data, scan), new PrintStream(log2, true), EventClock.SYSTEM)) {
      awaitScan(agent, log2);
    }
    assertThat(log2.toString()).contains("ai-audit: host scan (kspp): 0 changed verdict(s) journaled");
    assertThat(scanFindings(data)).as(log2.toString()).hasSize(checks);
  }

  @Test
  void queueRefusesAFinding_nextScanOffersItAgain() throws Exception {
    ScanConfig scan = new ScanConfig(Duration.ofSeconds(1), List.of("kspp"));
    Map<String, String> last = new ConcurrentHashMap<>();
    List<FindingEvent> accepted = new CopyOnWriteArrayList<>();
    AtomicBoolean refuseFirst = new AtomicBoolean(true);
    try (HostScans s = HostScans.start(scan, "h", last, e -> {
      if (refuseFirst.getAndSet(false)) {
        return false;
      }
      accepted.add((FindingEvent) e);
      return true;
    }, EventClock.SYSTEM, new PrintStream(new ByteArrayOutputStream()))) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (s.scans() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(s.scans()).isGreaterThanOrEqualTo(2);
    }
    int checks = Scanner.builtin().scan(ScanOptions.builder("kspp").build()).results().size();
    assertThat(accepted.stream().map(FindingEvent::subject).distinct().count()).isEqualTo(checks);
    assertThat(last).hasSize(checks);
  }

  @Test
  void unknownProfile_startFailsNamingIt() {
    Path data = tmp.resolve("d");
    assertThatThrownBy(() -> Agent.start(config(tmp, data, new ScanConfig(Duration.ofHours(1), List.of("nope"))),
        new PrintStream(new ByteArrayOutputStream()), EventClock.SYSTEM))
        .hasMessageContaining("scan.profiles: unknown profile 'nope'");
  }

  /** Waits for the start scan's log line, then for the queue to reach the journal and index. */
  private static void awaitScan(Agent agent, ByteArrayOutputStream log) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!log.toString().contains("changed verdict(s) journaled") && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(log.toString()).contains("changed verdict(s) journaled");
    assertThat(agent.flush(Duration.ofSeconds(10))).isTrue();
  }

  private static List<FindingEvent> scanFindings(Path data) {
    try (EventStore store = EventStore.openDuckDbReadOnly(data.resolve("events.duckdb"))) {
      return store.query(EventQuery.builder().classUids(List.of(FindingEvent.CLASS_UID)).pathGlob("scan:*").limit(0)
          .build()).stream().map(r -> (FindingEvent) r.event()).toList();
    }
  }
}
