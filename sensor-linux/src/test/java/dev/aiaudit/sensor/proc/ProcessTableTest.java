package dev.aiaudit.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.Attribution;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table's rules on a /proc of its own (an empty directory: every process has already exited). */
class ProcessTableTest {
  @TempDir Path proc;

  private ProcessTable table(int max) {
    return new ProcessTable(proc, new UserNames(proc.resolve("passwd")), 0L, 100, 1_000_000_000L, max);
  }

  private static ProcEvent fork(int parent, int child, long ts) {
    return new ProcEvent(ProcEvent.Kind.FORK, ts, child, child, parent, parent, 0, 0, null);
  }

  private static ProcEvent exec(int pid) {
    return new ProcEvent(ProcEvent.Kind.EXEC, 5, pid, pid, 0, 0, 0, 0, null);
  }

  private static ProcEvent exit(int pid) {
    return new ProcEvent(ProcEvent.Kind.EXIT, 9, pid, pid, 0, 0, 0, 0, null);
  }

  @Test
  void execOfAGoneProcess_exeFromItsExecOpens_userFromItsFork_neverTheParentsImage() {
    ProcessTable t = table(64);
    t.put(new ProcessTable.Entry(10, 1, 1, 1000, "/usr/bin/bash", "bash", "/home/a", CgroupInfo.NONE, Attribution.EXACT,
        null, 0));
    t.onFork(fork(10, 11, 3_000_000_000L));
    ProcessTable.Entry forked = t.get(11);
    assertThat(forked.attribution()).isEqualTo(Attribution.INHERITED);
    assertThat(forked.exe()).isEqualTo("/usr/bin/bash");
    assertThat(forked.startTicks()).as("from the fork timestamp, 100 Hz").isEqualTo(300);
    t.onExecOpen(11, "/usr/bin/cat");
    t.onExecOpen(11, "/lib64/ld-linux-x86-64.so.2");
    ProcessTable.Entry cat = t.onExec(exec(11));
    assertThat(cat.exe()).isEqualTo("/usr/bin/cat");
    assertThat(cat.uid()).isEqualTo(1000);
    assertThat(cat.cwd()).isEqualTo("/home/a");
    assertThat(cat.attribution()).isEqualTo(Attribution.EXACT);
    t.onFork(fork(10, 12, 4_000_000_000L));
    ProcessTable.Entry unknown = t.onExec(exec(12)); // no exec open, no /proc: unknown, not bash
    assertThat(unknown.exe()).isNull();
    assertThat(unknown.attribution()).isEqualTo(Attribution.UNKNOWN);
    assertThat(unknown.reason()).isEqualTo(ProcessTable.REASON_EXEC_UNREAD);
    assertThat(t.info(unknown).uid()).isEqualTo(1000);
  }

  @Test
  void exitedEntries_stayForTheGracePeriod_andTheBoundEvictsTheLongestGoneFirst() {
    ProcessTable t = table(8);
    t.put(new ProcessTable.Entry(1, 0, 1, 0, "/sbin/init", null, "/", CgroupInfo.NONE, Attribution.EXACT, null, 0));
    long base = System.nanoTime(); // the bound is enforced at put() with the real clock
    for (int pid = 100; pid < 108; pid++) {
      t.onFork(fork(1, pid, pid));
      t.onExit(exit(pid), base + pid); // exited in pid order
    }
    assertThat(t.size()).isLessThanOrEqualTo(8);
    assertThat(t.get(100)).as("exited first: evicted first").isNull();
    assertThat(t.get(107)).as("exited last: kept").isNotNull();
    assertThat(t.earlyEvictions.get()).isPositive();
    assertThat(t.sweep(base + 107 + 500_000_000L)).as("within the grace period").isZero();
    assertThat(t.sweep(base + 108 + 1_000_000_000L)).as("after it").isPositive();
    assertThat(t.get(107)).isNull();
    assertThat(t.get(1)).as("alive").isNotNull();
  }
}
