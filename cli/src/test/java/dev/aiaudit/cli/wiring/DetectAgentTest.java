package dev.aiaudit.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.cli.config.AgentConfig;
import dev.aiaudit.journal.JournalVerifier;
import dev.aiaudit.journal.VerifyResult;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.testing.Privileges;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection inside the agent, against the real kernel: an access becomes a journaled alert citing it. */
class DetectAgentTest {
  @TempDir Path tmp;

  private AgentConfig config(Path root, Path data) {
    return AgentConfig.defaults().withDataDir(data)
        .withWatch(AgentConfig.defaults().watch().withRoots(List.of(root)).withGpuDevices(false));
  }

  @Test
  void cpOfWatchedWeightsToTmp_yieldsJournaledAlertCitingTheAccessRecord() throws Exception {
    Privileges.assumeCapSysAdmin("detection end-to-end over fanotify");
    Path root = Files.createDirectories(tmp.resolve("models"));
    Path weights = root.resolve("llama.safetensors");
    Files.write(weights, new byte[256 * 1024]);
    Path copy = Files.createTempDirectory(Path.of("/tmp"), "ai-audit-detect-").resolve("stolen.safetensors");
    Path data = tmp.resolve("data");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (Agent agent = Agent.start(config(root, data), new PrintStream(log, true), EventClock.SYSTEM)) {
      // The destination is a FIFO: cp opens the weights, then blocks opening the FIFO until it is read, so it is
      // still alive when the sensor attributes the open (a cp that exits within microseconds is attributed by the
      // sensor's process table, another branch; here the alert must name /usr/bin/cp).
      assertThat(new ProcessBuilder("mkfifo", copy.toString()).start().waitFor()).isZero();
      Process p = new ProcessBuilder("cp", weights.toString(), copy.toString()).inheritIO().start();
      Thread.sleep(1_000);
      try (var in = Files.newInputStream(copy)) {
        assertThat(in.readAllBytes()).hasSize(256 * 1024);
      }
      assertThat(p.waitFor()).isZero();
      Thread.sleep(1_200); // past the read-coalescing interval
      assertThat(agent.flush(Duration.ofSeconds(20))).isTrue();
      assertThat(agent.detection().stats().alerts()).isPositive();
    } finally {
      Files.deleteIfExists(copy);
      Files.deleteIfExists(copy.getParent());
    }
    assertThat(log.toString()).contains("ai-audit: detection: ").contains("ai-audit: warm-up: 100,000 records through a throwaway journal");
    try (var left = Files.list(data)) { // the warm-up's throwaway journal is gone
      assertThat(left.map(x -> x.getFileName().toString())).noneMatch(n -> n.startsWith(".warm-up-"));
    }
    VerifyResult v = JournalVerifier.verify(data.resolve("journal"), null);
    assertThat(v.ok()).as(v.problem()).isTrue();
    try (EventStore store = EventStore.openDuckDb(data.resolve("events.duckdb"))) {
      List<EventRow> rows = store.query(EventQuery.builder().limit(0).build());
      Map<Long, EventRow> bySeq = rows.stream().collect(Collectors.toMap(EventRow::seq, Function.identity()));
      // nothing of the warm-up reached the real journal or index (its records name host "warm-up")
      assertThat(rows).noneMatch(r -> r.event().host().equals("warm-up"));
      List<AlertEvent> alerts = rows.stream().map(EventRow::event).filter(AlertEvent.class::isInstance)
          .map(AlertEvent.class::cast).toList();
      AlertEvent copyAlert = alerts.stream().filter(a -> a.ruleId().equals("weights-read-by-copy-tool")).findFirst()
          .orElseThrow(() -> new AssertionError("no weights-read-by-copy-tool alert among " + alerts));
      assertThat(copyAlert.source()).isEqualTo("rules");
      assertThat(copyAlert.cites()).hasSize(1);
      AlertEvent.Citation c = copyAlert.cites().getFirst();
      EventRow cited = bySeq.get(c.seq());
      assertThat(cited).as("cited seq %d is in the journal/index", c.seq()).isNotNull();
      assertThat(cited.hash()).isEqualTo(c.hash()); // the citation names the journal record exactly
      assertThat(cited.event()).isInstanceOfSatisfying(FileEvent.class, f -> {
        assertThat(f.path()).isEqualTo(weights.toString());
        assertThat(f.process().exe()).endsWith("/cp");
      });
      // the alert itself is a journaled record after the access it cites, and is never judged again
      long alertSeq = rows.stream().filter(r -> r.event() == copyAlert || r.event().equals(copyAlert)).findFirst().orElseThrow().seq();
      assertThat(alertSeq).isGreaterThan(c.seq());
      assertThat(alerts).noneMatch(a -> a.cites().stream().anyMatch(x -> bySeq.get(x.seq()).event() instanceof AlertEvent));
      // the unapproved-reader rule fired on the same access too: every matching rule fires
      assertThat(alerts).extracting(AlertEvent::ruleId).contains("weights-read-unapproved");
    }
    // query --class alert lists them
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true));
    try {
      assertThat(dev.aiaudit.cli.Main.run("query", "--data-dir", data.toString(), "--class", "alert")).isZero();
    } finally {
      System.setOut(old);
    }
    assertThat(out.toString()).contains("weights-read-by-copy-tool", "alert:high");
  }

  @Test
  void start_brokenRuleFile_refusesToStartWithTheVerbatimMessage() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("models"));
    Path rules = Files.createDirectories(tmp.resolve("rules"));
    Path bad = Files.writeString(rules.resolve("bad.yaml"), """
        rules:
          - id: bad-rule
            title: broken
            severity: high
            condition: file.asset == "model_weights" && proc.nam == "cp"
        """);
    AgentConfig cfg = config(root, tmp.resolve("data"));
    cfg = cfg.withDetect(cfg.detect().withRules(List.of(rules)));
    AgentConfig c = cfg;
    assertThatThrownBy(() -> Agent.start(c, new PrintStream(new ByteArrayOutputStream()), EventClock.SYSTEM))
        .isInstanceOf(AgentException.class)
        .hasMessage("ERROR: " + bad + ":5:49: rule bad-rule: undeclared reference to 'proc' (in container '') [COMPILE_CONDITION]\n"
            + " |     condition: file.asset == \"model_weights\" && proc.nam == \"cp\"\n"
            + " |                                                 ^\n"
            + "ai-audit: 1 errors in rule files; the agent does not start with a broken rule file");
  }
}
