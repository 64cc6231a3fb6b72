package dev.aiaudit.model;

/**
 * How the file of a {@link FileEvent} was reached, beyond its host path: from which mount
 * namespace, under which path there, and in which container's root file system. Every field may be
 * {@code null} (not known or not applicable); in JSON they are {@code unmapped.mount_ns},
 * {@code unmapped.ns_path}, {@code unmapped.file_container_id}, {@code unmapped.file_container_runtime}
 * and {@code unmapped.container_path}.
 *
 * @param mountNs {@value #NS_SAME} (the process shares the agent's mount namespace), {@value #NS_OTHER}
 *     (another one, e.g. a container or {@code unshare -m}) or {@value #NS_UNKNOWN} (the process exited before
 *     its namespace could be read)
 * @param nsPath where the file appears in the process's mount namespace through the most specific mount
 *     of its file system, when that differs from the host path; the kernel does not say which of several
 *     mounts a process used, so with bind mounts this is the likeliest one
 * @param containerId the container whose root file system holds the file (from the mount point's
 *     shape), e.g. a containerd container id
 * @param containerRuntime {@code containerd}, {@code containers-storage} (CRI-O or Podman) or {@code docker}
 * @param containerPath the path inside that container
 */
public record FileOrigin(String mountNs, String nsPath, String containerId, String containerRuntime,
    String containerPath) {

  public static final String NS_SAME = "same";
  public static final String NS_OTHER = "other";
  public static final String NS_UNKNOWN = "unknown";

  /** True when no field is set. */
  public boolean isEmpty() {
    return mountNs == null && nsPath == null && containerId == null && containerRuntime == null && containerPath == null;
  }

  /** This origin, or {@code null} when it says nothing. */
  public static FileOrigin orNull(FileOrigin o) {
    return o == null || o.isEmpty() ? null : o;
  }
}
