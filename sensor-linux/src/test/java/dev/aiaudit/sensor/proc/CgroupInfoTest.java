package dev.aiaudit.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CgroupInfoTest {
  private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final String POD = "7c1e4b2a-1111-2222-3333-444455556666";
  private static final String POD_US = POD.replace('-', '_');

  @Test
  void parsePath_containerdSystemdSlice_idRuntimeAndPod() {
    CgroupInfo c = CgroupInfo.parsePath("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + POD_US
        + ".slice/cri-containerd-" + ID + ".scope");
    assertThat(c).isEqualTo(new CgroupInfo(ID, "containerd", POD));
  }

  @Test
  void parsePath_crioBestEffortSlice_idRuntimeAndPod() {
    CgroupInfo c = CgroupInfo.parsePath("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + POD_US
        + ".slice/crio-" + ID + ".scope");
    assertThat(c).isEqualTo(new CgroupInfo(ID, "cri-o", POD));
  }

  @Test
  void parsePath_guaranteedPodSlice_podWithoutQosClass() {
    CgroupInfo c = CgroupInfo.parsePath("/kubepods.slice/kubepods-pod" + POD_US + ".slice/cri-containerd-" + ID + ".scope");
    assertThat(c).isEqualTo(new CgroupInfo(ID, "containerd", POD));
  }

  @Test
  void parsePath_dockerSystemdScope_docker() {
    assertThat(CgroupInfo.parsePath("/system.slice/docker-" + ID + ".scope")).isEqualTo(new CgroupInfo(ID, "docker", null));
  }

  @Test
  void parsePath_dockerCgroupfs_docker() {
    assertThat(CgroupInfo.parsePath("/docker/" + ID)).isEqualTo(new CgroupInfo(ID, "docker", null));
  }

  @Test
  void parsePath_podmanLibpodScope_podman() {
    assertThat(CgroupInfo.parsePath("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + ID + ".scope"))
        .isEqualTo(new CgroupInfo(ID, "podman", null));
  }

  @Test
  void parsePath_kubepodsCgroupfsBurstable_idAndPodRuntimeUnknown() {
    assertThat(CgroupInfo.parsePath("/kubepods/burstable/pod" + POD + "/" + ID)).isEqualTo(new CgroupInfo(ID, null, POD));
  }

  @Test
  void parsePath_kubepodsCgroupfsGuaranteed_idAndPod() {
    assertThat(CgroupInfo.parsePath("/kubepods/pod" + POD + "/" + ID)).isEqualTo(new CgroupInfo(ID, null, POD));
  }

  @Test
  void parsePath_podSliceOnly_podWithoutContainer() {
    assertThat(CgroupInfo.parsePath("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + POD_US + ".slice"))
        .isEqualTo(new CgroupInfo(null, null, POD));
  }

  @Test
  void parsePath_hostSession_none() {
    assertThat(CgroupInfo.parsePath("/user.slice/user-0.slice/session-3.scope")).isSameAs(CgroupInfo.NONE);
    assertThat(CgroupInfo.parsePath("/")).isSameAs(CgroupInfo.NONE);
  }

  @Test
  void parseFile_cgroupV1Lines_firstContainerWins() {
    String file = "12:pids:/\n11:memory:/kubepods/besteffort/pod" + POD + "/" + ID + "\n0::/\n";
    assertThat(CgroupInfo.parseFile(file)).isEqualTo(new CgroupInfo(ID, null, POD));
  }

  @Test
  void parseFile_cgroupV2Line_parsed() {
    assertThat(CgroupInfo.parseFile("0::/system.slice/docker-" + ID + ".scope\n")).isEqualTo(new CgroupInfo(ID, "docker", null));
  }
}
