package dev.aiaudit.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcStatTest {
  private static final String TAIL = " 1 12 12 0 -1 4194560 100 0 0 0 3 1 0 0 20 0 1 0 987654 10000 200 18446744073709551615";

  @Test
  void parse_plainComm_fields() {
    ProcStat s = ProcStat.parse("4242 (python3) S" + TAIL);
    assertThat(s).isEqualTo(new ProcStat(4242, "python3", 'S', 1, 987654));
  }

  @Test
  void parse_commWithSpacesAndParentheses_usesLastParenthesis() {
    ProcStat s = ProcStat.parse("77 (my (evil) prog) 1) R" + TAIL);
    assertThat(s.comm()).isEqualTo("my (evil) prog) 1");
    assertThat(s.state()).isEqualTo('R');
    assertThat(s.ppid()).isEqualTo(1);
    assertThat(s.startTicks()).isEqualTo(987654);
  }

  @Test
  void parse_notAStatLine_throws() {
    assertThatThrownBy(() -> ProcStat.parse("garbage")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a /proc/PID/stat line");
    assertThatThrownBy(() -> ProcStat.parse("1 (x) S 1 2")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("short");
  }

  @Test
  void parse_ownProcStat_matchesProcessHandle() throws Exception {
    long pid = ProcessHandle.current().pid();
    ProcStat s = ProcStat.parse(Files.readString(Path.of("/proc/" + pid + "/stat")));
    assertThat(s.pid()).isEqualTo(pid);
    assertThat(s.ppid()).isEqualTo(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L).intValue());
  }

  @Test
  void resolve_ownProcess_startTimeCloseToProcessHandle() {
    ProcessResolver r = ProcessResolver.system();
    var info = r.resolve((int) ProcessHandle.current().pid());
    long expectedMs = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    assertThat(info.startTimeNs() / 1_000_000).isCloseTo(expectedMs, org.assertj.core.data.Offset.offset(2_000L));
    assertThat(info.exe()).isNotNull();
    assertThat(info.cmdline()).contains("java");
    assertThat(r.misses()).isZero();
  }

  @Test
  void resolve_noSuchPid_unknownAndMissCounted() {
    ProcessResolver r = ProcessResolver.system();
    var info = r.resolve(999_999_999);
    assertThat(info.exe()).isNull();
    assertThat(info.pid()).isEqualTo(999_999_999);
    assertThat(r.misses()).isEqualTo(1);
  }

  @Test
  void userNames_parse_skipsMalformedLines() {
    assertThat(UserNames.parse("root:x:0:0:root:/root:/bin/bash\nbad line\n#c:x:1:1\ntrainer:x:1000:1000::/home:/bin/sh\n"))
        .containsEntry(0, "root").containsEntry(1000, "trainer").hasSize(2);
  }

  @Test
  void readCmdline_nulSeparated_joinedBySpaces(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path f = dir.resolve("cmdline");
    Files.write(f, "python3\u0000train.py\u0000--lr\u00000.1\u0000".getBytes());
    assertThat(ProcessResolver.readCmdline(f)).isEqualTo("python3 train.py --lr 0.1");
  }
}
