package dev.aiaudit.sensor.fanotify;

/**
 * What the reader thread hands to the enrichment thread: an event under a watched root, already
 * resolved to its path, its fd already closed.
 *
 * @param timeNs when the batch holding it was read, ns since the epoch
 * @param pid process that caused it
 * @param mask FAN_* bits (several when the kernel merged events)
 * @param path canonical path in the agent's mount namespace (the host path)
 * @param fs the marked file system holding it, or {@code null} (device nodes)
 * @param nsPath the path in the process's own mount namespace when the reader already knows it (fd
 *     mode, a mount of another namespace), else {@code null}
 * @param pidNs the process's mount namespace ({@code mnt:[N]}) read when the event was read, or {@code null}
 *     when the process was already gone
 */
record RawEvent(long timeNs, int pid, long mask, String path, WatchedFs fs, String nsPath, String pidNs) {
  RawEvent(long timeNs, int pid, long mask, String path) {
    this(timeNs, pid, mask, path, null, null, null);
  }
}
