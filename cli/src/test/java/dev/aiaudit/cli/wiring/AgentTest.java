package dev.aiaudit.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.cli.config.AgentConfig;
import dev.aiaudit.journal.JournalVerifier;
import dev.aiaudit.journal.VerifyResult;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.testing.Privileges;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole agent path against the real kernel: child process → fanotify → journal → DuckDB. */
class AgentTest {
  @TempDir Path tmp;

  private AgentConfig config(Path root, Path data) {
    return AgentConfig.defaults().withDataDir(data)
        .withWatch(AgentConfig.defaults().watch().withRoots(List.of(root)).withGpuDevices(false));
  }

  @Test
  void start_childReadsWeights_eventIsJournaledIndexedAndVerifies() throws Exception {
    Privileges.assumeCapSysAdmin("agent end-to-end over fanotify");
    Path root = Files.createDirectories(tmp.resolve("models"));
    Path weights = root.resolve("tiny.safetensors");
    Files.write(weights, new byte[64 * 1024]);
    Path data = tmp.resolve("data");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    long childPid;
    try (Agent agent = Agent.start(config(root, data), new PrintStream(log, true), EventClock.SYSTEM)) {
      // The shell itself opens the weights (exec 3<) and appends to notes.txt, and stays alive a
      // moment so its /proc entry can be read; cat reads through the inherited descriptor.
      Process p = new ProcessBuilder("/bin/sh", "-c",
          "exec 3<'" + weights + "'; cat <&3 > /dev/null; echo hi >> '" + root.resolve("notes.txt") + "'; sleep 1")
          .start();
      childPid = p.pid();
      assertThat(p.waitFor()).isZero();
      // reads are coalesced per interval (1 s by default): wait past it, then flush the queue
      Thread.sleep(1_200);
      assertThat(agent.flush(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(log.toString()).contains("ai-audit: watching " + root);
    VerifyResult v = JournalVerifier.verify(data.resolve("journal"), null);
    assertThat(v.ok()).as(v.problem()).isTrue();
    try (EventStore store = EventStore.openDuckDb(data.resolve("events.duckdb"))) {
      List<FileEvent> events = store.query(EventQuery.all()).stream()
          .map(r -> r.event()).filter(FileEvent.class::isInstance).map(FileEvent.class::cast).toList();
      long shPid = childPid;
      assertThat(events).anySatisfy(e -> {
        assertThat(e.path()).isEqualTo(weights.toString());
        assertThat(e.asset()).isEqualTo(AssetKind.MODEL_WEIGHTS);
        assertThat(e.activity()).isEqualTo(FileActivity.OPEN);
        assertThat(e.process().pid()).isEqualTo((int) shPid);
        assertThat(e.process().exe()).matches(".*/(da|ba)?sh");
        assertThat(e.process().uid()).isZero();
      });
      assertThat(events).anySatisfy(e -> {
        assertThat(e.path()).isEqualTo(weights.toString());
        assertThat(e.activity()).isEqualTo(FileActivity.READ);
        assertThat(e.count()).isPositive();
      });
      assertThat(events).anySatisfy(e -> {
        assertThat(e.path()).isEqualTo(root.resolve("notes.txt").toString());
        assertThat(e.asset()).isEqualTo(AssetKind.OTHER);
        assertThat(e.activity()).isEqualTo(FileActivity.MODIFY);
        assertThat(e.process().pid()).isEqualTo((int) shPid);
      });
      assertThat(store.query(EventQuery.all()).stream().map(r -> r.event()))
          .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(SensorEvent.class,
              s -> assertThat(s.kind()).isEqualTo(SensorEvent.Kind.SENSOR_STARTED)));
    }
    assertThat(childPid).isPositive();
  }

  @Test
  void start_shortLivedReader_isAttributedAndItsLaunchIsJournaled() throws Exception {
    Privileges.assumeCapSysAdmin("agent end-to-end over fanotify and the process events connector");
    Path root = Files.createDirectories(tmp.resolve("models")).toRealPath();
    Path weights = root.resolve("m.safetensors");
    Files.write(weights, new byte[64 * 1024]);
    Path data = tmp.resolve("data");
    int n = 10;
    java.util.Set<Integer> pids = new java.util.HashSet<>();
    try (Agent agent = Agent.start(config(root, data), new PrintStream(new ByteArrayOutputStream(), true), EventClock.SYSTEM)) {
      for (int i = 0; i < n; i++) {
        Process p = new ProcessBuilder("/bin/cat", weights.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        pids.add((int) p.pid());
        assertThat(p.waitFor()).isZero();
      }
      Thread.sleep(1_500);
      assertThat(agent.flush(Duration.ofSeconds(10))).isTrue();
      agent.writeStatus();
      String status = Files.readString(data.resolve("status.json"));
      assertThat(status).contains("\"attribution\":{\"file\":{\"exact\":").contains("\"process_launches\":");
      assertThat(agent.attribution().files(dev.aiaudit.model.Attribution.EXACT)).isGreaterThanOrEqualTo(n);
    }
    String cat = Path.of("/bin/cat").toRealPath().toString();
    try (EventStore store = EventStore.openDuckDb(data.resolve("events.duckdb"))) {
      List<FileEvent> reads = store.query(EventQuery.all()).stream().map(r -> r.event())
          .filter(FileEvent.class::isInstance).map(FileEvent.class::cast).filter(e -> pids.contains(e.process().pid())).toList();
      assertThat(reads.stream().map(e -> e.process().pid()).distinct().count()).isEqualTo(n);
      assertThat(reads).allSatisfy(e -> {
        assertThat(e.process().exe()).isEqualTo(cat);
        assertThat(e.process().user()).isEqualTo("root");
        assertThat(e.process().attribution()).isEqualTo(dev.aiaudit.model.Attribution.EXACT);
      });
      List<dev.aiaudit.model.ProcessEvent> launches = store.query(EventQuery.builder()
              .classUids(List.of(dev.aiaudit.model.ProcessEvent.CLASS_UID)).process("cat").limit(0).build()).stream()
          .map(r -> (dev.aiaudit.model.ProcessEvent) r.event()).filter(e -> e.process().ppid() == ProcessHandle.current().pid())
          .toList();
      assertThat(launches.stream().mapToLong(dev.aiaudit.model.ProcessEvent::count).sum()).as("launches of cat, coalesced")
          .isEqualTo(n);
    }
  }

  @Test
  void start_otherNamespaceAndLaterMount_originAndMountRecordsReachTheStore() throws Exception {
    Privileges.assumeRoot("mounts, unshare and fanotify file-system marks");
    Path root = Files.createDirectories(tmp.resolve("models"));
    Path weights = Files.write(root.resolve("w.safetensors"), new byte[4096]);
    Path inside = Files.createDirectories(tmp.resolve("ns-view"));
    Path vol = Files.createDirectories(root.resolve("vol"));
    Path data = tmp.resolve("data");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    long pid;
    try (Agent agent = Agent.start(config(root, data), new PrintStream(log, true), EventClock.SYSTEM)) {
      Process p = new ProcessBuilder("unshare", "-m", "/bin/sh", "-c",
          "mount --bind \"$1\" \"$2\" && exec 3< \"$2/w.safetensors\" && sleep 0.3", "sh", root.toString(),
          inside.toString()).redirectErrorStream(true).start();
      pid = p.pid();
      assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
      assertThat(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1M", "tmpfs", vol.toString()).start().waitFor())
          .isZero();
      try {
        Thread.sleep(500);
      } finally {
        new ProcessBuilder("umount", "-l", vol.toString()).start().waitFor();
      }
      Thread.sleep(500);
      assertThat(agent.flush(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(JournalVerifier.verify(data.resolve("journal"), null).ok()).isTrue();
    try (EventStore store = EventStore.openDuckDb(data.resolve("events.duckdb"))) {
      List<dev.aiaudit.model.Event> all = store.query(EventQuery.all()).stream().map(r -> r.event()).toList();
      long shPid = pid;
      assertThat(all).filteredOn(FileEvent.class::isInstance).map(FileEvent.class::cast).anySatisfy(e -> {
        assertThat(e.path()).isEqualTo(weights.toString());
        assertThat(e.activity()).isEqualTo(FileActivity.OPEN);
        assertThat(e.process().pid()).isEqualTo((int) shPid);
        assertThat(e.origin().mountNs()).isEqualTo(dev.aiaudit.model.FileOrigin.NS_OTHER);
        assertThat(e.origin().nsPath()).isEqualTo(inside.resolve("w.safetensors").toString());
      });
      assertThat(all).filteredOn(SensorEvent.class::isInstance).map(SensorEvent.class::cast)
          .anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(SensorEvent.Kind.MOUNT_WATCHED);
            assertThat(e.message()).contains(vol.toString());
          })
          .anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(SensorEvent.Kind.MOUNT_FORGOTTEN);
            assertThat(e.message()).contains(vol.toString());
          });
    }
  }

  @Test
  void start_withPolicyDir_journalsComplianceFindings() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("models"));
    Path k8s = Files.createDirectories(tmp.resolve("k8s"));
    Files.writeString(k8s.resolve("llm.yaml"), """
        apiVersion: v1
        kind: Pod
        metadata: {name: llm, namespace: ai}
        spec:
          containers:
            - name: s
              image: registry.example.com/llm:1
              resources: {limits: {nvidia.com/gpu: 1}}
        """);
    Path data = tmp.resolve("data");
    AgentConfig cfg = config(root, data).withPolicyManifests(List.of(k8s));
    try (Agent agent = Agent.start(cfg, new PrintStream(new ByteArrayOutputStream()), EventClock.SYSTEM)) {
      assertThat(agent.flush(Duration.ofSeconds(10))).isTrue();
      agent.writeStatus();
      assertThat(Files.readString(data.resolve("status.json"))).contains("\"journal_failing\":false")
          .contains("\"failed_attempts\":0").contains("\"unreported_drops\":0").contains("\"last_failure\":null")
          .contains("\"checkpoint_seq\":").contains("\"checkpoint_problem\":null");
    }
    assertThat(JournalVerifier.verify(data.resolve("journal"), null).ok()).isTrue();
    try (EventStore store = EventStore.openDuckDb(data.resolve("events.duckdb"))) {
      assertThat(store.query(EventQuery.all()).stream().map(r -> r.event()))
          .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(dev.aiaudit.model.FindingEvent.class, f -> {
            assertThat(f.subject()).isEqualTo("k8s:ai/Pod/llm");
            assertThat(f.previousState()).isEqualTo("absent");
            assertThat(f.state()).isEqualTo("non-compliant"); // GPU pod without ai-audit.io/model-name: a deny rule
            assertThat(f.message()).contains("AIA-ADM-001");
          }));
    }
  }

  @Test
  void start_missingRoot_namesThePath() {
    Path missing = tmp.resolve("no-such-dir");
    assertThatThrownBy(() -> Agent.start(config(missing, tmp.resolve("d")), new PrintStream(new ByteArrayOutputStream()), EventClock.SYSTEM))
        .isInstanceOf(AgentException.class)
        .hasMessage("watch root " + missing + " does not exist");
  }

  @Test
  void start_dataDirIsAFile_namesThePathAndLosesNothing() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("models"));
    Path notADir = Files.writeString(tmp.resolve("data"), "x");
    assertThatThrownBy(() -> Agent.start(config(root, notADir), new PrintStream(new ByteArrayOutputStream()), EventClock.SYSTEM))
        .isInstanceOf(AgentException.class)
        .hasMessage("data directory " + notADir + " is not a directory");
    assertThat(Files.readString(notADir)).isEqualTo("x");
  }

  @Test
  void start_rootIsASymlinkLoop_saysSymlinkLoop() throws Exception {
    Path a = tmp.resolve("loop-a");
    Path b = tmp.resolve("loop-b");
    Files.createSymbolicLink(a, b);
    Files.createSymbolicLink(b, a);
    assertThatThrownBy(() -> Agent.start(config(a, tmp.resolve("d")), new PrintStream(new ByteArrayOutputStream()), EventClock.SYSTEM))
        .isInstanceOf(AgentException.class)
        .hasMessageStartingWith("watch root " + a + " is a symlink loop")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("does not exist"));
  }

  @Test
  void start_rootIsADanglingSymlink_saysSo() throws Exception {
    Path a = tmp.resolve("dangling");
    Files.createSymbolicLink(a, tmp.resolve("gone"));
    assertThatThrownBy(() -> Agent.start(config(a, tmp.resolve("d")), new PrintStream(new ByteArrayOutputStream()), EventClock.SYSTEM))
        .hasMessage("watch root " + a + " is a symbolic link to a path that does not exist");
  }
}
