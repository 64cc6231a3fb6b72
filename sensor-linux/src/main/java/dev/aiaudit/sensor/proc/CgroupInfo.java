package dev.aiaudit.sensor.proc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container id, container runtime and Kubernetes pod uid read from a cgroup path. Recognised forms:
 *
 * <ul>
 *   <li>systemd driver: {@code cri-containerd-<64hex>.scope} (containerd), {@code crio-<64hex>.scope}
 *       (CRI-O), {@code docker-<64hex>.scope} (Docker), {@code libpod-<64hex>.scope} (Podman), with
 *       the pod in {@code kubepods[-burstable|-besteffort]-pod<uid with underscores>.slice};
 *   <li>cgroupfs driver: {@code /kubepods[/burstable|/besteffort]/pod<uid>/<64hex>} (runtime not
 *       visible in the path), {@code /docker/<64hex>}.
 * </ul>
 *
 * @param containerId 64-hex container id, or {@code null}
 * @param runtime {@code containerd}, {@code cri-o}, {@code docker}, {@code podman}, or {@code null}
 * @param podUid pod uid in its canonical dashed form, or {@code null}
 */
public record CgroupInfo(String containerId, String runtime, String podUid) {

  public static final CgroupInfo NONE = new CgroupInfo(null, null, null);

  private static final Pattern SCOPE =
      Pattern.compile("(cri-containerd|crio|docker|libpod)-([0-9a-f]{64})\\.scope");
  private static final Pattern DOCKER_FS = Pattern.compile("/docker/([0-9a-f]{64})(?:/|$)");
  private static final Pattern KUBEPODS_FS_CONTAINER =
      Pattern.compile("/kubepods/(?:[a-z]+/)?pod[0-9a-f_-]{36}/([0-9a-f]{64})(?:/|$)");
  private static final Pattern POD =
      Pattern.compile("pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\\.slice|/|$)");

  /** Parses one cgroup path (the part after the last {@code :} of a /proc/PID/cgroup line). */
  public static CgroupInfo parsePath(String path) {
    String id = null;
    String runtime = null;
    Matcher m = SCOPE.matcher(path);
    if (m.find()) {
      id = m.group(2);
      runtime =
          switch (m.group(1)) {
            case "cri-containerd" -> "containerd";
            case "crio" -> "cri-o";
            case "libpod" -> "podman";
            default -> "docker";
          };
    } else if ((m = DOCKER_FS.matcher(path)).find()) {
      id = m.group(1);
      runtime = "docker";
    } else if ((m = KUBEPODS_FS_CONTAINER.matcher(path)).find()) {
      id = m.group(1);
    }
    String pod = null;
    if (path.contains("kubepods")) {
      Matcher p = POD.matcher(path);
      if (p.find()) {
        pod = p.group(1).replace('_', '-');
      }
    }
    if (id == null && pod == null) {
      return NONE;
    }
    return new CgroupInfo(id, runtime, pod);
  }

  /**
   * Parses the whole of {@code /proc/PID/cgroup} (v1 lines {@code N:controllers:/path} or the v2
   * line {@code 0::/path}); the first line that yields a container id or pod uid wins.
   */
  public static CgroupInfo parseFile(String content) {
    CgroupInfo best = NONE;
    for (String line : content.split("\n")) {
      int colon = line.indexOf(':', line.indexOf(':') + 1);
      if (colon < 0) {
        continue;
      }
      CgroupInfo c = parsePath(line.substring(colon + 1));
      if (c.containerId != null) {
        return c;
      }
      if (best == NONE && c.podUid != null) {
        best = c;
      }
    }
    return best;
  }
}
