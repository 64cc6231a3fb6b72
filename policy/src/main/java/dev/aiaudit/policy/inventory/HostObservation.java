package dev.aiaudit.policy.inventory;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing the sensor saw a process touch, as fed from the store (the policy module does not import the
 * store; the CLI or server maps store rows to this record).
 *
 * @param pid process id
 * @param exe executable path
 * @param uid user id, or -1 when unknown
 * @param containerId container id from the cgroup path, or null
 * @param podUid Kubernetes pod uid from the cgroup path, or null
 * @param podName pod name when the enrichment knows it, or null
 * @param namespace pod namespace when the enrichment knows it, or null
 * @param path the file or device opened
 * @param assetKind {@code model_weights}, {@code gpu_device}, {@code training_data} or {@code other}
 * @param time when it was seen
 * @param seq journal sequence number of the record (evidence), or -1
 * @param hash hex hash of the journal record (evidence), or null
 */
public record HostObservation(
    long pid, String exe, long uid, String containerId, String podUid, String podName, String namespace,
    String path, String assetKind, Instant time, long seq, String hash) {

  public static final String MODEL_WEIGHTS = "model_weights";
  public static final String GPU_DEVICE = "gpu_device";

  public HostObservation {
    Objects.requireNonNull(exe, "exe");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(assetKind, "assetKind");
    Objects.requireNonNull(time, "time");
  }

  /** The grouping key: pod uid, else container id, else the executable. */
  public String groupKey() {
    if (podUid != null && !podUid.isBlank()) {
      return "pod/" + podUid;
    }
    if (containerId != null && !containerId.isBlank()) {
      return "container/" + containerId;
    }
    return "exe" + (exe.startsWith("/") ? "" : "/") + exe;
  }
}
