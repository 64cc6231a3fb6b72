package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.testing.Events;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ai-audit query} end to end: a real index in a temp data dir, the command parsed by picocli. */
class QueryCommandTest {
  private static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
  private static final int N = 400;

  @TempDir static Path dataDir;
  private static final List<RecordedEvent> RECORDS = new ArrayList<>();

  @BeforeAll
  static void index() {
    for (int i = 0; i < N; i++) {
      long t = T0 + i * 1_000_000_000L;
      RecordedEvent r = new RecordedEvent(i + 1, HexFormat.of().formatHex(new byte[31]) + String.format("%02x", i % 256),
          i == 7 ? new SensorEvent(t, "node-1", SensorEvent.Kind.EVENTS_DROPPED, 12, "pipeline queue full")
              : i == 11 ? new dev.aiaudit.model.ProcessEvent(t, t + 900_000_000L, "node-1", Events.python(4711), "/usr/bin/bash",
                  "bash -l", "/srv/llm", 37, "proc-connector")
              : Events.sample(i, t));
      RECORDS.add(r);
    }
    try (EventStore store = EventStore.openDuckDb(dataDir.resolve("events.duckdb"))) {
      store.insert(RECORDS);
    }
  }

  @Test
  void query_table_printsMatchingRowsAligned() {
    Result r = run("query", "--data-dir", dataDir.toString(), "--kind", "gpu_device", "--limit", "2");

    assertThat(r.code).isZero();
    assertThat(r.out).isEqualTo("""
        TIME (UTC)               SEQ  ACTIVITY  KIND         PID  USER     PROCESS     CONTAINER     COUNT  PATH / DETAIL
        2026-01-01 00:00:02.000    3  open      gpu_device  1002  trainer  python3.11  3f9a2c1b7d4e      1  /dev/nvidia2
        2026-01-01 00:00:06.000    7  open      gpu_device  1006  trainer  python3.11  3f9a2c1b7d4e      1  /dev/nvidia6
        2 events
        """);
  }

  @Test
  void query_jsonl_linesDecodeToTheIndexedEvents() {
    Result r = run("query", "--data-dir", dataDir.toString(), "--process", "1042", "--format", "jsonl", "--limit", "0");

    List<RecordedEvent> want = RECORDS.stream()
        .filter(x -> x.event() instanceof FileEvent f && f.process().pid() == 1042).toList();
    String[] lines = r.out.split("\n");
    assertThat(r.code).isZero();
    assertThat(lines).hasSize(want.size());
    for (int i = 0; i < lines.length; i++) {
      assertThat(lines[i]).startsWith("{\"seq\":" + want.get(i).seq() + ",\"hash\":\"" + want.get(i).hash() + "\",");
      assertThat(EventCodec.decode(lines[i].getBytes(StandardCharsets.UTF_8))).isEqualTo(want.get(i).event());
    }
  }

  @Test
  void query_csvWithTimeRangeAndActivity_printsHeaderAndRows() {
    Result r = run("query", "--data-dir", dataDir.toString(), "--since", "2026-01-01T00:01:00Z", "--until",
        "2026-01-01T00:01:10Z", "--activity", "modify", "--format", "csv");

    // seconds 60..69, activity modify = i % 4 == 3: 63, 67 -> seq 64, 68
    assertThat(r.code).isZero();
    assertThat(r.out.split("\r\n")).hasSize(3);
    assertThat(r.out.split("\r\n")[1]).startsWith("64,");
    assertThat(r.out.split("\r\n")[2]).startsWith("68,");
  }

  @Test
  void query_classSensor_showsTheAgentsOwnRecords() {
    Result r = run("query", "--data-dir", dataDir.toString(), "--class", "sensor");

    assertThat(r.code).isZero();
    assertThat(r.out).contains("    8  events_dropped  sensor").contains("pipeline queue full").endsWith("1 event\n");
  }

  @Test
  void query_classProcess_listsLaunchesWithTheirParent() {
    Result r = run("query", "--data-dir", dataDir.toString(), "--class", "process");

    assertThat(r.code).isZero();
    assertThat(r.out).contains("   12  launch    process  4711  trainer  python3.11  3f9a2c1b7d4e     37")
        .contains("python3 train.py --model llama  <- 1 bash").endsWith("1 event\n");
    Result j = run("query", "--data-dir", dataDir.toString(), "--class", "1007", "--format", "jsonl");
    assertThat(EventCodec.decode(j.out.trim().substring(j.out.indexOf(",\"class_uid\"") - 0).replaceFirst("^,", "{")
        .getBytes(StandardCharsets.UTF_8))).isEqualTo(RECORDS.get(11).event());
  }

  @Test
  void query_noIndex_exitsOneNamingThePath(@TempDir Path empty) {
    Result r = run("query", "--data-dir", empty.toString());

    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).isEqualTo("ai-audit query: no event store at " + empty.resolve("events.duckdb")
        + " (run 'ai-audit watch' or 'ai-audit reindex' first, or pass --data-dir)\n");
  }

  @Test
  void query_unknownKind_exitsTwoWithTheChoices() {
    Result r = run("query", "--data-dir", dataDir.toString(), "--kind", "weights");

    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).contains("unknown asset kind 'weights' (expected model_weights, training_data, gpu_device or other)");
  }

  @Test
  void query_badSince_exitsTwoSayingWhatIsExpected() {
    Result r = run("query", "--data-dir", dataDir.toString(), "--since", "yesterday");

    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).startsWith("--since: cannot read 'yesterday' as a time (expected a duration such as 30s, 15m,"
        + " 1h, 2d, 1w or an ISO time such as 2026-11-24T08:00:00Z)");
  }

  @Test
  void query_whileAnAgentHoldsTheIndex_queriesASnapshotAndSaysSo() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process agent = new ProcessBuilder(List.of(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), StoreHolder.class.getName(), dataDir.resolve("events.duckdb").toString()))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      assertThat(new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))
          .readLine()).isEqualTo("holding");

      Result snap = run("query", "--data-dir", dataDir.toString(), "--class", "sensor", "--format", "csv");
      Result strict = run("query", "--data-dir", dataDir.toString(), "--no-snapshot");

      assertThat(snap.code).isZero();
      assertThat(snap.out.split("\r\n")).hasSize(2);
      // no journal beside this index: the copy alone is queried, and the line says how old it is
      assertThat(snap.err).matches("(?s)ai-audit query: event store .*events.duckdb is locked by .* \\(PID " + agent.pid()
          + "\\); querying a snapshot \\(the index's last checkpoint plus the journal's newer records\\)\n"
          + "ai-audit query: snapshot of \\d\\d:\\d\\d:\\d\\d UTC, \\d+ s old, up to seq 400 \\(the index's last"
          + " checkpoint only: the journal could not be read past it: no journal at .*\\)\n");
      assertThat(strict.code).isEqualTo(1);
      assertThat(strict.err).contains("is locked by").contains("(PID " + agent.pid() + ")")
          .contains("run 'ai-audit query' without --no-snapshot").doesNotContain("serve");
    } finally {
      agent.getOutputStream().close();
      if (!agent.waitFor(30, TimeUnit.SECONDS)) {
        agent.destroyForcibly();
      }
    }
  }

  @Test
  void parseTime_relativeAndIsoForms() {
    Instant now = Instant.parse("2026-11-24T12:00:00Z");

    assertThat(QueryCommand.parseTime("90m", now, "--since")).isEqualTo(Instant.parse("2026-11-24T10:30:00Z"));
    assertThat(QueryCommand.parseTime("1w", now, "--since")).isEqualTo(Instant.parse("2026-11-17T12:00:00Z"));
    assertThat(QueryCommand.parseTime("1W", now, "--since")).isEqualTo(Instant.parse("2026-11-17T12:00:00Z"));
    assertThat(QueryCommand.parseTime("250ms", now, "--since")).isEqualTo(Instant.parse("2026-11-24T11:59:59.750Z"));
    assertThat(QueryCommand.parseTime("PT2H", now, "--since")).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    assertThat(dev.aiaudit.cli.config.ConfigLoader.parseDuration("1w")).isEqualTo(java.time.Duration.ofDays(7));
    assertThat(QueryCommand.parseTime("2026-11-24T08:00:00+01:00", now, "--since"))
        .isEqualTo(Instant.parse("2026-11-24T07:00:00Z"));
    assertThat(QueryCommand.parseTime("2026-11-24T08:00", now, "--since")).isEqualTo(Instant.parse("2026-11-24T08:00:00Z"));
    assertThat(QueryCommand.parseTime("2026-11-24", now, "--since")).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
    assertThatThrownBy(() -> QueryCommand.parseTime("soon", now, "--until")).hasMessageStartingWith("--until: cannot read");
  }

  private record Result(int code, String out, String err) {}

  /** As {@link Main#run} does, with captured output. */
  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
