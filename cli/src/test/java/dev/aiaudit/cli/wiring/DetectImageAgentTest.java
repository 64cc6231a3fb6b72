package dev.aiaudit.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.cli.config.AgentConfig;
import dev.aiaudit.cli.config.RuntimeDirsConfig;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.testing.Privileges;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * First-seen (container image, asset) end to end: a real process moved into a cgroup named like
 * Docker's cgroupfs layout ({@code /docker/<64 hex>}) reads watched weights; the sensor takes the
 * container id from /proc/PID/cgroup, the resolver reads a Docker {@code config.v2.json} laid out
 * under a temporary Docker root, and the journaled alert names the image and cites the access.
 */
class DetectImageAgentTest {
  @TempDir Path tmp;

  /** A cgroup hierarchy this process may create a child in: cgroup v2 (pure or hybrid), else v1 pids. */
  private static Path hierarchy() {
    for (String h : List.of("/sys/fs/cgroup", "/sys/fs/cgroup/unified", "/sys/fs/cgroup/pids")) {
      Path p = Path.of(h);
      if (Files.isRegularFile(p.resolve("cgroup.procs")) && Files.isWritable(p)) {
        return p;
      }
    }
    return null;
  }

  @Test
  void processInDockerCgroup_readsWeights_alertNamesImageAndCitesAccess() throws Exception {
    Privileges.assumeCapSysAdmin("first-seen image end-to-end over fanotify and cgroups");
    Path hier = hierarchy();
    Privileges.assume(hier != null, "no writable cgroup hierarchy with cgroup.procs under /sys/fs/cgroup");
    byte[] rnd = new byte[32];
    new SecureRandom().nextBytes(rnd);
    String id = HexFormat.of().formatHex(rnd);
    Path parent = hier.resolve("docker");
    boolean madeParent = !Files.exists(parent);
    Path cg;
    try {
      cg = Files.createDirectories(parent.resolve(id));
    } catch (IOException e) {
      Privileges.assume(false, "cannot create a cgroup under " + hier + ": " + e);
      return;
    }
    Path root = Files.createDirectories(tmp.resolve("models/llama"));
    Path weights = root.resolve("model.safetensors");
    Files.write(weights, new byte[128 * 1024]);
    Path dockerRoot = tmp.resolve("var-lib-docker");
    Files.createDirectories(dockerRoot.resolve("containers").resolve(id));
    Files.writeString(dockerRoot.resolve("containers").resolve(id).resolve("config.v2.json"), """
        {"ID":"%s","Image":"sha256:%s","Config":{"Image":"registry.example/llm/vllm:0.6.3"}}
        """.formatted(id, "5a".repeat(32)));
    Path fifo = tmp.resolve("out.fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Path data = tmp.resolve("data");
    AgentConfig cfg = AgentConfig.defaults().withDataDir(data)
        .withWatch(AgentConfig.defaults().watch().withRoots(List.of(tmp.resolve("models"))).withGpuDevices(false));
    cfg = cfg.withDetect(cfg.detect().withLearning(Duration.ZERO)
        .withFirstSeenImage(true, new RuntimeDirsConfig(List.of(tmp.resolve("no-containerd")), tmp.resolve("no-run"),
            tmp.resolve("no-storage"), dockerRoot)));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (Agent agent = Agent.start(cfg, new PrintStream(log, true), EventClock.SYSTEM)) {
      // the shell joins the "container" cgroup, then becomes cp, which blocks on the FIFO while the open is attributed
      Process p = new ProcessBuilder("sh", "-c",
          "echo $$ > " + cg.resolve("cgroup.procs") + " && exec cp " + weights + " " + fifo).inheritIO().start();
      Thread.sleep(1_000);
      try (var in = Files.newInputStream(fifo)) {
        assertThat(in.readAllBytes()).hasSize(128 * 1024);
      }
      assertThat(p.waitFor()).isZero();
      Thread.sleep(1_200); // past the read-coalescing interval
      assertThat(agent.flush(Duration.ofSeconds(20))).isTrue();
    } finally {
      Files.deleteIfExists(cg); // rmdir of an empty cgroup
      if (madeParent) {
        Files.deleteIfExists(parent);
      }
    }
    assertThat(log.toString()).contains("first-seen (exe, user, image)");
    try (EventStore store = EventStore.openDuckDb(data.resolve("events.duckdb"))) {
      List<EventRow> rows = store.query(EventQuery.builder().limit(0).build());
      Map<Long, EventRow> bySeq = rows.stream().collect(Collectors.toMap(EventRow::seq, Function.identity()));
      List<AlertEvent> alerts = rows.stream().map(EventRow::event).filter(AlertEvent.class::isInstance)
          .map(AlertEvent.class::cast).toList();
      AlertEvent a = alerts.stream().filter(x -> x.ruleId().equals("first-seen-image-asset")).findFirst()
          .orElseThrow(() -> new AssertionError("no first-seen-image-asset alert among " + alerts));
      assertThat(a.title()).isEqualTo("First container image registry.example/llm/vllm:0.6.3 to touch model_weights " + root);
      assertThat(a.message()).contains("sha256:" + "5a".repeat(32), "container " + id);
      EventRow cited = bySeq.get(a.cites().getFirst().seq());
      assertThat(cited).isNotNull();
      assertThat(cited.hash()).isEqualTo(a.cites().getFirst().hash());
      assertThat(cited.event()).isInstanceOfSatisfying(FileEvent.class, f -> {
        assertThat(f.path()).isEqualTo(weights.toString());
        assertThat(f.process().containerId()).isEqualTo(id);
        assertThat(f.process().containerRuntime()).isEqualTo("docker");
      });
    }
  }
}
