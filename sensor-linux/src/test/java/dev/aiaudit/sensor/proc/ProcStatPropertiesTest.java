package dev.aiaudit.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

class ProcStatPropertiesTest {

  @Property
  void parse_anyComm_roundTrips(
      @ForAll @StringLength(min = 0, max = 15) @CharRange(from = ' ', to = '~') String comm,
      @ForAll @IntRange(min = 1, max = 4_194_304) int pid,
      @ForAll @IntRange(min = 0, max = 4_194_304) int ppid,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long start) {
    String line = pid + " (" + comm + ") S " + ppid + " 1 1 0 -1 4194560 100 0 0 0 3 1 0 0 20 0 1 0 " + start
        + " 10000 200 18446744073709551615\n";
    assertThat(ProcStat.parse(line)).isEqualTo(new ProcStat(pid, comm, 'S', ppid, start));
  }
}
