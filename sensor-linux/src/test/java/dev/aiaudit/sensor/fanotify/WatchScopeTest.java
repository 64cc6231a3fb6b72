package dev.aiaudit.sensor.fanotify;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Container root file systems, container-root patterns, mount tables of other namespaces, fdinfo parsing. */
class WatchScopeTest {
  private static final String ID = "4f1c0de0aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff";
  private static final String RUN = "/run/containerd/io.containerd.runtime.v2.task/k8s.io/" + ID + "/rootfs";

  @Test
  void recognise_runtimeShapes_overlayOnly() {
    assertThat(ContainerRootfs.recognise(RUN, "overlay"))
        .isEqualTo(new ContainerRootfs("containerd", "k8s.io", ID, RUN));
    assertThat(ContainerRootfs.recognise("/run/k3s/containerd/io.containerd.runtime.v2.task/default/abc/rootfs",
        "overlay").runtime()).isEqualTo("containerd");
    assertThat(ContainerRootfs.recognise("/var/lib/containers/storage/overlay/l1/merged", "overlay"))
        .isEqualTo(new ContainerRootfs("containers-storage", null, "l1", "/var/lib/containers/storage/overlay/l1/merged"));
    assertThat(ContainerRootfs.recognise("/home/u/.local/share/containers/storage/overlay/l2/merged",
        "fuse.fuse-overlayfs").id()).isEqualTo("l2");
    assertThat(ContainerRootfs.recognise("/var/lib/docker/overlay2/d3/merged", "overlay").runtime()).isEqualTo("docker");
    assertThat(ContainerRootfs.recognise(RUN, "ext4")).as("not an overlay").isNull();
    assertThat(ContainerRootfs.recognise("/srv/merged", "overlay")).as("an overlay of unknown shape").isNull();
    assertThat(ContainerRootfs.recognise(RUN + "/extra", "overlay")).isNull();
  }

  @Test
  void matches_rootsAndContainerPatterns() {
    WatchScope s = WatchScope.of(RootFilter.of(List.of(Path.of("/models")), List.of()),
        List.of("/models", "/home/*/.cache/huggingface", "/data?"));
    ContainerRootfs c = ContainerRootfs.recognise(RUN, "overlay");
    assertThat(s.matches(RUN + "/models/w.safetensors")).as("container not yet watched").isFalse();
    s = s.withContainer(c);
    assertThat(s.matches("/models/a")).isTrue();
    assertThat(s.matches(RUN + "/models")).isTrue();
    assertThat(s.matches(RUN + "/models/sub/w.safetensors")).isTrue();
    assertThat(s.matches(RUN + "/modelsX/w")).isFalse();
    assertThat(s.matches(RUN + "/home/alice/.cache/huggingface/hub/x.bin")).isTrue();
    assertThat(s.matches(RUN + "/home/alice/.cache/other")).isFalse();
    assertThat(s.matches(RUN + "/home/.cache/huggingface")).as("* matches one segment, not zero").isFalse();
    assertThat(s.matches(RUN + "/data1/x")).isTrue();
    assertThat(s.matches(RUN + "/data12/x")).isFalse();
    assertThat(s.matches(RUN + "/etc/passwd")).isFalse();
    assertThat(s.containerOf(RUN + "/models/w").id()).isEqualTo(ID);
    assertThat(c.containerPath(RUN + "/models/w")).isEqualTo("/models/w");
    assertThat(c.containerPath(RUN)).isEqualTo("/");
    try (Arena a = Arena.ofConfined()) {
      String p = RUN + "/models/w";
      MemorySegment seg = a.allocateFrom(p);
      assertThat(s.matches(seg, p.length())).isTrue();
      String q = RUN + "/etc/x";
      assertThat(s.matches(a.allocateFrom(q), q.length())).isFalse();
    }
    s = s.withoutContainer(RUN);
    assertThat(s.matches(RUN + "/models/w")).isFalse();
    assertThat(WatchScope.of(RootFilter.of(List.of(), List.of()), List.of()).watchesContainers()).isFalse();
  }

  @Test
  void glob_starAndQuestionMark_withinOneSegment() {
    assertThat(WatchScope.glob("*", 0, "", 0)).isTrue();
    assertThat(WatchScope.glob("a*c", 0, "abbbc", 0)).isTrue();
    assertThat(WatchScope.glob("a*c", 0, "abbbd", 0)).isFalse();
    assertThat(WatchScope.glob("?", 0, "", 0)).isFalse();
    assertThat(WatchScope.glob("********************x", 0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0)).isFalse();
  }

  @Test
  void pathsOf_mountsOfTheSameDevice_mostSpecificThenNewestFirst() {
    MountTable t = MountTable.parse("""
        20 1 254:0 / / rw - ext4 /dev/vda rw
        30 20 254:0 /srv/models /mnt/a rw - ext4 /dev/vda rw
        31 20 254:0 /srv/models /mnt/b rw - ext4 /dev/vda rw
        32 20 254:0 /srv /mnt/c rw - ext4 /dev/vda rw
        33 20 0:55 / /srv/models/vol rw - tmpfs tmpfs rw
        34 20 254:0 /var /mnt/with\\040space rw - ext4 /dev/vda rw
        """);
    assertThat(t.pathsOf("254:0", "/srv/models/w")).containsExactly("/mnt/b/w", "/mnt/a/w", "/mnt/c/models/w",
        "/srv/models/w");
    assertThat(t.pathsOf("254:0", "/var/x")).containsExactly("/mnt/with space/x", "/var/x");
    assertThat(t.pathsOf("0:55", "/w")).containsExactly("/srv/models/vol/w");
    assertThat(t.pathsOf("0:99", "/w")).isEmpty();
    assertThat(t.byId(33).fsType()).isEqualTo("tmpfs");
    assertThat(t.mountOf("/srv/models/vol/x").id()).isEqualTo(33);
    assertThat(t.hasDevice("0:55")).isTrue();
    WatchedFs fs = new WatchedFs("254:0", 1, "ext4", "/mnt/c", "/srv", true, "root", null);
    assertThat(fs.fsPath("/mnt/c/models/w")).isEqualTo("/srv/models/w");
    assertThat(fs.fsPath("/mnt/c")).isEqualTo("/srv");
  }

  @Test
  void parseMountId_fdinfoText() {
    try (Arena a = Arena.ofConfined()) {
      String info = "pos:\t0\nflags:\t0100000\nmnt_id:\t1234\nino:\t42\n";
      assertThat(FdLink.parseMountId(a.allocateFrom(info), info.length())).isEqualTo(1234);
      String none = "pos:\t0\nxmnt_id:\t7\n";
      assertThat(FdLink.parseMountId(a.allocateFrom(none), none.length())).isEqualTo(-1);
      String huge = "mnt_id:\t99999999999999\n";
      assertThat(FdLink.parseMountId(a.allocateFrom(huge), huge.length())).isEqualTo(-1);
      String cut = "mnt_id:\t";
      assertThat(FdLink.parseMountId(a.allocateFrom(cut), cut.length())).isEqualTo(-1);
    }
  }
}
