package dev.aiaudit.sensor.fanotify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.sensor.SensorException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootFilterTest {
  private final RootFilter f = RootFilter.of(List.of(Path.of("/data/models"), Path.of("/srv/")), List.of(Path.of("/dev/nvidia0")));

  @Test
  void matches_pathsUnderRootsAndExactNodes() {
    assertThat(f.matches("/data/models")).isTrue();
    assertThat(f.matches("/data/models/a/b.safetensors")).isTrue();
    assertThat(f.matches("/srv/x")).isTrue();
    assertThat(f.matches("/dev/nvidia0")).isTrue();
    assertThat(f.matches("/data/models2/x")).isFalse();
    assertThat(f.matches("/data/model")).isFalse();
    assertThat(f.matches("/dev/nvidia01")).isFalse();
    assertThat(f.matches("/etc/passwd")).isFalse();
  }

  @Test
  void matches_bytesInSegment_sameAnswerAsString() {
    try (Arena a = Arena.ofConfined()) {
      for (String p : List.of("/data/models/x", "/data/models2/x", "/dev/nvidia0", "/dev/nvidia01", "/srv", "/sr")) {
        MemorySegment s = a.allocateFrom(p);
        assertThat(f.matches(s, p.length())).as(p).isEqualTo(f.matches(p));
      }
    }
  }

  @Test
  void matches_slashRoot_everything() {
    RootFilter all = RootFilter.of(List.of(Path.of("/")), List.of());
    assertThat(all.matches("/etc/passwd")).isTrue();
  }

  @Test
  void canonicalRoots_missingRoot_exceptionNamesPath() {
    assertThatThrownBy(() -> RootFilter.canonicalRoots(List.of(Path.of("/no/such/root-42"))))
        .isInstanceOf(SensorException.class)
        .hasMessage("watch root does not exist: /no/such/root-42");
  }

  @Test
  void mountTable_mountPointsToMark_ownMountAndRealSubmounts() {
    MountTable t = MountTable.parse("""
        22 1 253:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
        30 22 0:5 / /proc rw - proc proc rw
        31 22 253:1 / /data rw shared:2 - xfs /dev/vdb rw
        32 31 253:2 / /data/fast\\040disk rw - xfs /dev/vdc rw
        33 31 0:40 / /data/cg rw - cgroup2 cgroup2 rw
        """);
    assertThat(t.mountPointOf("/data/x")).isEqualTo("/data");
    assertThat(t.mountPointOf("/tmp/x")).isEqualTo("/");
    assertThat(t.mountPointsToMark(List.of("/data"))).containsExactly("/data", "/data/fast disk");
    assertThat(t.mountPointsToMark(List.of("/tmp/r"))).containsExactly("/");
  }
}
