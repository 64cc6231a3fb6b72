package dev.aiaudit.sensor.fanotify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's root file system as the host's mount table shows it: an overlay mount whose mount
 * point has the shape a container runtime gives it. Recognised shapes (any prefix, so k3s's
 * {@code /run/k3s/containerd/...} and rootless {@code ~/.local/share/containers/...} match too):
 *
 * <table>
 *   <caption>mount point shapes</caption>
 *   <tr><th>shape</th><th>runtime</th><th>id</th></tr>
 *   <tr><td>{@code .../io.containerd.runtime.v2.task/<ns>/<id>/rootfs}</td><td>{@code containerd}</td>
 *       <td>container id (namespace {@code <ns>}, e.g. {@code k8s.io})</td></tr>
 *   <tr><td>{@code .../containers/storage/overlay/<id>/merged}</td><td>{@code containers-storage} (CRI-O or Podman)</td>
 *       <td>storage layer id of the container's writable layer</td></tr>
 *   <tr><td>{@code .../docker/overlay2/<id>/merged}</td><td>{@code docker}</td><td>overlay2 layer id</td></tr>
 * </table>
 *
 * @param runtime the runtime the shape belongs to
 * @param namespace the containerd namespace, or {@code null}
 * @param id the id found in the path
 * @param mountPoint the root file system's mount point in the agent's namespace
 */
record ContainerRootfs(String runtime, String namespace, String id, String mountPoint) {
  private static final Pattern CONTAINERD = Pattern.compile(".*/io\\.containerd\\.runtime\\.v2\\.task/([^/]+)/([^/]+)/rootfs");
  private static final Pattern STORAGE = Pattern.compile(".*/containers/storage/overlay/([^/]+)/merged");
  private static final Pattern DOCKER = Pattern.compile(".*/docker/overlay2/([^/]+)/merged");

  /** The container whose root file system is mounted at {@code mountPoint}, or {@code null} when the mount is none. */
  static ContainerRootfs recognise(String mountPoint, String fsType) {
    if (!fsType.equals("overlay") && !fsType.equals("fuse.fuse-overlayfs")) {
      return null;
    }
    Matcher m = CONTAINERD.matcher(mountPoint);
    if (m.matches()) {
      return new ContainerRootfs("containerd", m.group(1), m.group(2), mountPoint);
    }
    m = STORAGE.matcher(mountPoint);
    if (m.matches()) {
      return new ContainerRootfs("containers-storage", null, m.group(1), mountPoint);
    }
    m = DOCKER.matcher(mountPoint);
    if (m.matches()) {
      return new ContainerRootfs("docker", null, m.group(1), mountPoint);
    }
    return null;
  }

  /** The path inside the container of a host path under the mount point. */
  String containerPath(String hostPath) {
    String rest = MountTable.rest(hostPath, mountPoint);
    return rest.isEmpty() ? "/" : rest;
  }

  /** For messages: {@code containerd k8s.io/0123abcd...}. */
  String describe() {
    return runtime + " " + (namespace == null ? "" : namespace + "/") + id;
  }
}
