package dev.aiaudit.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path f = dir.resolve("ai-audit.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void load_fullFile_readsEveryKey() throws Exception {
    AgentConfig c = new ConfigLoader().load(write("""
        data_dir: /var/lib/ai-audit
        host: gpu-node-7
        watch:
          roots: [/srv/models, /srv/data]
          gpu_devices: false
          read_coalesce: 2s
          poll_interval: 500ms
        assets:
          model_weights: ["/srv/ckpt/**"]
        journal:
          fsync: interval
          fsync_interval: 20ms
          segment_size: 16MiB
          checkpoint_every: 5m
          checkpoint_records: 5000
          retention: 200d
        pipeline:
          queue_size: 1000
          batch_size: 100
          linger: 10ms
        """));
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/ai-audit"));
    assertThat(c.host()).isEqualTo("gpu-node-7");
    assertThat(c.watch().roots()).containsExactly(Path.of("/srv/models"), Path.of("/srv/data"));
    assertThat(c.watch().gpuDevices()).isFalse();
    assertThat(c.watch().readCoalesce()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.watch().pollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.assets()).containsEntry("model_weights", java.util.List.of("/srv/ckpt/**"));
    assertThat(c.journal().fsync()).isEqualTo("interval");
    assertThat(c.journal().segmentSize()).isEqualTo(16L << 20);
    assertThat(c.journal().retention()).isEqualTo(Duration.ofDays(200));
    assertThat(c.pipeline().batchSize()).isEqualTo(100);
  }

  @Test
  void load_containerRoots_listAndEmptyAndDefault() throws Exception {
    AgentConfig c = new ConfigLoader().load(write("watch:\n  container_roots: [/models, \"/home/*/.cache/huggingface\"]\n"));
    assertThat(c.watch().containerRoots()).containsExactly("/models", "/home/*/.cache/huggingface");
    assertThat(new ConfigLoader().load(write("watch:\n  container_roots: []\n")).watch().containerRoots()).isEmpty();
    assertThat(new ConfigLoader().load(write("watch:\n  gpu_devices: true\n")).watch().containerRoots()).isNull();
  }

  @Test
  void load_relativeContainerRoot_oneErrorNamingFileAndValue() throws Exception {
    Path f = write("watch:\n  container_roots:\n    - /models\n    - \"models/../x\"\n  gpu_devices: true\n");
    assertThatThrownBy(() -> new ConfigLoader().load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ERROR: " + f + ":4:7: watch.container_roots[1]: ") // the bad entry, not the block's end
        .hasMessageContaining("container root 'models/../x' must be an absolute path")
        .hasMessageContaining(" |     - \"models/../x\"");
    Path g = write("watch:\n  container_roots: [\"/models/\\x07x\"]\n");
    assertThatThrownBy(() -> new ConfigLoader().load(g))
        .hasMessageContaining("contains a control character")
        .hasMessageNotContaining("\u0007");
  }

  @Test
  void load_emptyFile_givesDefaults() throws Exception {
    AgentConfig c = new ConfigLoader().load(write(""));
    assertThat(c.dataDir()).isEqualTo(Path.of("ai-audit-data"));
    assertThat(c.watch().defaultRoots()).isTrue();
    assertThat(c.journal().fsync()).isEqualTo("group");
  }

  @Test
  void load_unknownKey_namesFileLineAndKey() throws Exception {
    Path f = write("watch:\n  roots: [/m]\n  rots: [/x]\n");
    assertThatThrownBy(() -> new ConfigLoader().load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ERROR: " + f + ":3:")
        .hasMessageContaining("unknown key 'rots' in 'watch'")
        .hasMessageContaining("  rots: [/x]");
  }

  @Test
  void load_badDuration_namesTheLine() throws Exception {
    Path f = write("journal:\n  fsync_interval: soon\n");
    assertThatThrownBy(() -> new ConfigLoader().load(f))
        .hasMessageStartingWith("ERROR: " + f + ":2:")
        .hasMessageContaining("'soon' is not a duration");
  }

  @Test
  void load_badEnumValue_saysWhatIsAllowed() throws Exception {
    Path f = write("journal:\n  fsync: sometimes\n");
    assertThatThrownBy(() -> new ConfigLoader().load(f))
        .hasMessageStartingWith("ERROR: " + f + ":")
        .hasMessageContaining("journal.fsync must be group, interval or none, not 'sometimes'");
  }

  @Test
  void load_processLaunches_readsTheScopeAndRejectsOthersWithTheLine() throws Exception {
    assertThat(new ConfigLoader().load(write("watch:\n  process_launches: containers\n")).watch().processLaunches())
        .isEqualTo("containers");
    assertThat(new ConfigLoader().load(write("watch:\n  gpu_devices: false\n")).watch().processLaunches()).isEqualTo("all");
    Path f = write("watch:\n  process_launches: some\n");
    assertThatThrownBy(() -> new ConfigLoader().load(f))
        .hasMessageStartingWith("ERROR: " + f + ":")
        .hasMessageContaining("'some' is not one of all, containers, none");
  }

  @Test
  void load_malformedYaml_namesTheLine() throws Exception {
    Path f = write("watch:\n  roots: [/a, /b\n  gpu_devices: true\n");
    assertThatThrownBy(() -> new ConfigLoader().load(f)).hasMessageStartingWith("ERROR: " + f + ":");
  }

  @Test
  void load_missingFile_namesThePath() {
    Path f = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> new ConfigLoader().load(f))
        .hasMessage("ERROR: " + f + ": configuration file does not exist");
  }

  @Test
  void load_commentOnlyFile_givesDefaultsLikeAnEmptyOne() throws Exception {
    AgentConfig c = new ConfigLoader().load(write("# ai-audit configuration\n# nothing set yet\n\n   # indented comment\n"));
    assertThat(c.dataDir()).isEqualTo(Path.of("ai-audit-data"));
    assertThat(c.watch().defaultRoots()).isTrue();
  }

  @Test
  void load_rootsAsAScalar_namesFileLineColumnInPlainWords() throws Exception {
    Path f = write("watch:\n  roots: /srv/models\n");
    assertThatThrownBy(() -> new ConfigLoader().load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ERROR: " + f + ":2:")
        .hasMessageContaining("watch.roots: expected a list")
        .hasMessageContaining("found a single value")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("java.").doesNotContain("ArrayList")
            .doesNotContain("Cannot deserialize"));
  }

  @Test
  void load_zeroCheckpointInterval_namesTheKeyLine() throws Exception {
    Path f = write("data_dir: /tmp/x\njournal:\n  fsync: group\n  checkpoint_every: 0s\n  checkpoint_records: 10\n");
    assertThatThrownBy(() -> new ConfigLoader().load(f))
        .hasMessageStartingWith("ERROR: " + f + ":4:3: ")
        .hasMessageContaining("journal.checkpoint_every must be more than 0")
        .hasMessageContaining("  checkpoint_every: 0s")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("PT0S").doesNotContain("JournalConfig"));
  }

  @Test
  void load_hugeSingleLineComment_refusedBySizeInBoundedTime() throws Exception {
    Path f = dir.resolve("huge.yaml");
    try (var out = Files.newOutputStream(f)) {
      out.write('#');
      byte[] chunk = new byte[1 << 20];
      java.util.Arrays.fill(chunk, (byte) 'a');
      for (int i = 0; i < 50; i++) {
        out.write(chunk);
      }
    }
    assertThatThrownBy(() -> new ConfigLoader().load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ERROR: " + f + ": cannot read configuration file: too large: ")
        .hasMessageContaining("limit " + ConfigLoader.MAX_BYTES);
  }

  @Test
  void load_longHostileLine_quoteIsCappedAndEscaped() throws Exception {
    String hostile = "x".repeat(5_000) + "\u001b[31m" + "y".repeat(5_000);
    Path f = write("watch:\n  rots: " + hostile + "\n");
    assertThatThrownBy(() -> new ConfigLoader().load(f))
        .satisfies(e -> {
          String m = e.getMessage();
          assertThat(m).startsWith("ERROR: " + f + ":2:");
          assertThat(m.length()).isLessThan(1_200);
          assertThat(m).doesNotContain("\u001b");
        });
  }

  @Test
  void load_fifo_refusedWithOneLine() throws Exception {
    Path fifo = dir.resolve("fifo.yaml");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(p.waitFor()).isZero();
    assertThatThrownBy(() -> new ConfigLoader().load(fifo))
        .hasMessage("ERROR: " + fifo + ": cannot read configuration file: not a regular file (a FIFO)");
  }

  @Test
  void load_scanSection_readsIntervalAndProfiles_defaultsToHourlyAiHost() throws Exception {
    AgentConfig c = new ConfigLoader().load(write("scan:\n  every: 30m\n  profiles: [kspp, ai-host]\n"));
    assertThat(c.scan().every()).isEqualTo(java.time.Duration.ofMinutes(30));
    assertThat(c.scan().profiles()).containsExactly("kspp", "ai-host");
    AgentConfig d = new ConfigLoader().load(write("host: h\n"));
    assertThat(d.scan().every()).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(d.scan().profiles()).containsExactly("ai-host");
    assertThat(new ConfigLoader().load(write("scan:\n  every: 0s\n")).scan().enabled()).isFalse();
  }

  @Test
  void load_scanEveryTooShort_namesTheKeyLine() throws Exception {
    Path f = write("host: h\nscan:\n  profiles: [kspp]\n  every: 10ms\n");
    assertThatThrownBy(() -> new ConfigLoader().load(f))
        .hasMessageStartingWith("ERROR: " + f + ":4:")
        .hasMessageContaining("scan.every must be 0s (off) or at least 1s");
  }
}
