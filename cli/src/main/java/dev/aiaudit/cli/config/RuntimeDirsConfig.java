package dev.aiaudit.cli.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the container runtimes keep the state the first-seen image detector reads ({@code
 * detect.runtime_dirs:}); each unset field keeps the runtime's default location. Only read, never
 * written; a root that does not exist is skipped.
 *
 * @param containerdTasks containerd's runtime v2 task directories (default {@code
 *     /run/containerd/io.containerd.runtime.v2.task} and k3s's {@code
 *     /run/k3s/containerd/io.containerd.runtime.v2.task})
 * @param containersRun containers/storage run root, CRI-O's {@code userdata} (default {@code /run/containers/storage})
 * @param containersStorage containers/storage graph root, Podman's {@code containers.json} (default {@code /var/lib/containers/storage})
 * @param docker Docker's data root (default {@code /var/lib/docker})
 */
public record RuntimeDirsConfig(List<Path> containerdTasks, Path containersRun, Path containersStorage, Path docker) {
  public RuntimeDirsConfig {
    containerdTasks = containerdTasks == null
        ? List.of(Path.of("/run/containerd/io.containerd.runtime.v2.task"),
            Path.of("/run/k3s/containerd/io.containerd.runtime.v2.task"))
        : List.copyOf(containerdTasks);
    containersRun = containersRun == null ? Path.of("/run/containers/storage") : containersRun;
    containersStorage = containersStorage == null ? Path.of("/var/lib/containers/storage") : containersStorage;
    docker = docker == null ? Path.of("/var/lib/docker") : docker;
    for (Path p : containerdTasks) {
      absolute("containerd_tasks", p);
    }
    absolute("containers_run", containersRun);
    absolute("containers_storage", containersStorage);
    absolute("docker", docker);
  }

  private static void absolute(String key, Path p) {
    if (!p.isAbsolute()) {
      throw new IllegalArgumentException("runtime_dirs." + key + ": '" + p + "' must be an absolute path");
    }
  }

  public static RuntimeDirsConfig defaults() {
    return new RuntimeDirsConfig(null, null, null, null);
  }
}
