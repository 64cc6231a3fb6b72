package dev.aiaudit.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

class CgroupInfoPropertiesTest {

  @Property
  void parsePath_containerdScopeUnderAnyPrefix_foundWithPod(
      @ForAll @StringLength(value = 64) @CharRange(from = 'a', to = 'f') String id,
      @ForAll @StringLength(value = 8) @CharRange(from = '0', to = '9') String podHead) {
    String podUid = podHead + "-1111-2222-3333-444455556666";
    String path = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + podUid.replace('-', '_')
        + ".slice/cri-containerd-" + id + ".scope";
    assertThat(CgroupInfo.parsePath(path)).isEqualTo(new CgroupInfo(id, "containerd", podUid));
  }

  @Property
  void parsePath_neverThrows(@ForAll @StringLength(max = 300) String anything) {
    assertThat(CgroupInfo.parsePath(anything)).isNotNull();
  }
}
