package dev.aiaudit.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code gpu:} section of the configuration file. */
class GpuConfigTest {
  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path f = dir.resolve("ai-audit.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void defaults_autoEvery10s() throws Exception {
    GpuConfig g = new ConfigLoader().load(write("data_dir: /tmp/x\n")).gpu();
    assertThat(g.enabled()).isEqualTo("auto");
    assertThat(g.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(g.off()).isFalse();
    assertThat(g.required()).isFalse();
  }

  @Test
  void load_readsEnabledAndTheDurationSyntax() throws Exception {
    GpuConfig g = new ConfigLoader().load(write("gpu:\n  enabled: true\n  interval: 250ms\n")).gpu();
    assertThat(g.required()).isTrue();
    assertThat(g.interval()).isEqualTo(Duration.ofMillis(250));
    assertThat(new ConfigLoader().load(write("gpu: {enabled: false, interval: 1m}\n")).gpu().off()).isTrue();
  }

  @Test
  void load_badValues_nameFileLineAndKey() throws Exception {
    Path f = write("gpu:\n  enabled: sometimes\n");
    assertThatThrownBy(() -> new ConfigLoader().load(f)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ERROR: " + f + ":2:")
        .hasMessageContaining("gpu.enabled must be auto, true or false, not 'sometimes'");
    Path g = write("gpu:\n  interval: 10ms\n");
    assertThatThrownBy(() -> new ConfigLoader().load(g)).hasMessageStartingWith("ERROR: " + g + ":2:")
        .hasMessageContaining("gpu.interval must be at least 100ms");
    Path h = write("gpu:\n  intervall: 10s\n");
    assertThatThrownBy(() -> new ConfigLoader().load(h)).hasMessageContaining("unknown key 'intervall' in 'gpu'")
        .hasMessageContaining("(known: enabled, interval)");
  }
}
