package dev.aiaudit.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectImageConfigTest {
  @TempDir Path dir;

  @Test
  void firstSeenImageAndRuntimeDirs_readWithDefaults() throws Exception {
    Path f = Files.writeString(dir.resolve("a.yaml"), """
        detect:
          first_seen_image: false
          runtime_dirs:
            docker: /data/docker
            containerd_tasks: [/run/k0s/containerd/io.containerd.runtime.v2.task]
        """);
    DetectConfig d = new ConfigLoader().load(f).detect();
    assertThat(d.firstSeenImage()).isFalse();
    assertThat(d.runtimeDirs().docker()).isEqualTo(Path.of("/data/docker"));
    assertThat(d.runtimeDirs().containerdTasks()).containsExactly(Path.of("/run/k0s/containerd/io.containerd.runtime.v2.task"));
    assertThat(d.runtimeDirs().containersRun()).isEqualTo(Path.of("/run/containers/storage"));
    DetectConfig def = AgentConfig.defaults().detect();
    assertThat(def.firstSeenImage()).isTrue();
    assertThat(def.runtimeDirs().containerdTasks()).contains(Path.of("/run/containerd/io.containerd.runtime.v2.task"));
    assertThat(def.runtimeDirs().containersStorage()).isEqualTo(Path.of("/var/lib/containers/storage"));
    assertThat(def.runtimeDirs().docker()).isEqualTo(Path.of("/var/lib/docker"));
  }

  @Test
  void relativeRuntimeDir_namesFileAndKey() throws Exception {
    Path f = Files.writeString(dir.resolve("b.yaml"), """
        detect:
          runtime_dirs:
            docker: var/lib/docker
        """);
    assertThatThrownBy(() -> new ConfigLoader().load(f))
        .hasMessageStartingWith("ERROR: " + f + ":")
        .hasMessageContaining("runtime_dirs.docker: 'var/lib/docker' must be an absolute path");
  }
}
