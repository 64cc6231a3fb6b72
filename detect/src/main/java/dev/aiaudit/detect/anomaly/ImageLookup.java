package dev.aiaudit.detect.anomaly;

import java.util.Optional;

/**
 * Container id → image, for detectors keyed by image. Detection does not read runtime metadata
 * itself: the agent injects a resolver (the sensor's {@code ContainerImages}, from the runtimes'
 * on-host files); tests inject a map.
 */
@FunctionalInterface
public interface ImageLookup {
  /** No container resolves (detection without a resolver). */
  ImageLookup NONE = (id, runtime) -> Optional.empty();

  /**
   * The container's image, or empty when it cannot be told.
   *
   * @param containerId the id from the process's cgroup
   * @param runtime {@code containerd}, {@code cri-o}, {@code docker}, {@code podman} or {@code null}
   */
  Optional<Image> image(String containerId, String runtime);

  /**
   * @param name the image name as the runtime recorded it (the detector's key: a new digest of the
   *     same name is a rollout, not a new workload)
   * @param digest its digest or image id ({@code sha256:...}), or {@code null}; cited in the alert
   */
  record Image(String name, String digest) {
    public Image {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("image name must not be blank");
      }
    }
  }
}
