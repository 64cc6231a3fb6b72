package dev.aiaudit.sensor.fanotify;

/**
 * A file system the sensor has marked ({@code FAN_MARK_FILESYSTEM}), as the agent's mount table
 * shows it.
 *
 * @param dev {@code major:minor}
 * @param fsid {@code f_fsid} of statfs(2) (what FID events carry); 0 in fd mode
 * @param fsType file system type
 * @param mountPoint the mount through which the agent resolves paths on it
 * @param mountRoot the directory of the file system mounted there ({@code /} unless a bind mount)
 * @param fid true when marked in the FID group, false when in the fd-mode group
 * @param why why it is watched ({@code root /models}, {@code mounted below /models}, {@code container ...})
 * @param container the container whose root file system this is, or {@code null}
 */
record WatchedFs(String dev, long fsid, String fsType, String mountPoint, String mountRoot, boolean fid, String why,
    ContainerRootfs container) {

  /** The path from the root of the file system of a host path under {@link #mountPoint}. */
  String fsPath(String hostPath) {
    return MountTable.join(mountRoot, MountTable.rest(hostPath, mountPoint));
  }

  String mode() {
    return fid ? "fid mode" : "fd mode";
  }
}
