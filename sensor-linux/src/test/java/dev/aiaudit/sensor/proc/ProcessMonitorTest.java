package dev.aiaudit.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.Attribution;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.testing.Privileges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connector and exec watcher against real processes (root: CAP_NET_ADMIN and CAP_SYS_ADMIN). */
class ProcessMonitorTest {
  private ProcessMonitor monitor;
  private final List<ProcessTable.Entry[]> launches = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    Privileges.assumeCapSysAdmin("process events connector and FAN_OPEN_EXEC");
    long t0 = System.nanoTime();
    monitor = ProcessMonitor.start(ProcessTable.DEFAULT_GRACE_NANOS, 4_096);
    System.out.printf("monitor started in %.0f ms%n", (System.nanoTime() - t0) / 1e6);
    monitor.addListener((p, parent) -> launches.add(new ProcessTable.Entry[] {p, parent}));
  }

  @AfterEach
  void stop() {
    if (monitor != null) {
      monitor.close();
    }
  }

  private static String real(String p) throws Exception {
    return Path.of(p).toRealPath().toString();
  }

  @Test
  void forkExecExit_ofAnExitedProcess_areInTheTable() throws Exception {
    Process sh = new ProcessBuilder("/bin/sh", "-c", "/bin/cat /etc/hostname >/dev/null; echo $$").start();
    assertThat(sh.waitFor(20, TimeUnit.SECONDS)).isTrue();
    int shPid = (int) sh.pid();
    Thread.sleep(300); // the monitor thread applies events within its poll timeout
    monitor.sync();
    ProcessTable t = monitor.table();
    System.out.println("monitor: " + monitor.description() + "; table " + t.size() + " entries, forks " + t.forks.get()
        + ", execs " + t.execs.get() + " (exe only from FAN_OPEN_EXEC: " + t.execsExeFromOpen.get() + ", unknown: "
        + t.execsExeUnknown.get() + "), exits " + t.exits.get() + "; sh " + t.get(shPid));
    ProcessTable.Entry shell = t.get(shPid);
    assertThat(shell).as("sh %d in the table after it exited", shPid).isNotNull();
    assertThat(shell.exe()).isEqualTo(real("/bin/sh"));
    assertThat(shell.exitedAtNanos()).as("exit seen").isNotZero();
    assertThat(shell.ppid()).as("parent: this JVM").isEqualTo((int) ProcessHandle.current().pid());
    ProcessTable.Entry cat = launches.stream().map(l -> l[0]).filter(e -> e.ppid() == shPid).findFirst().orElseThrow();
    assertThat(cat.exe()).isEqualTo(real("/bin/cat"));
    assertThat(cat.attribution()).isEqualTo(Attribution.EXACT);
    assertThat(t.get(cat.pid()).exitedAtNanos()).isNotZero();
    ProcessInfo info = t.info(t.get(cat.pid()));
    assertThat(info.uid()).isZero();
    assertThat(info.user()).isEqualTo("root");
    assertThat(info.ppid()).isEqualTo(shPid);
    ProcessTable.Entry[] launch = launches.stream().filter(l -> l[0].pid() == cat.pid()).findFirst().orElseThrow();
    assertThat(launch[1].exe()).as("parent of the launch").isEqualTo(real("/bin/sh"));
    System.out.println("monitor: " + monitor.description() + "; table " + t.size() + " entries, forks " + t.forks.get()
        + ", execs " + t.execs.get() + " (exe only from FAN_OPEN_EXEC: " + t.execsExeFromOpen.get() + ", unknown: "
        + t.execsExeUnknown.get() + "), exits " + t.exits.get());
  }

  @Test
  void forkWithoutExec_isInheritedFromTheParent() throws Exception {
    // a subshell forks without exec; it writes its pid and exits at once
    Process sh = new ProcessBuilder("/bin/sh", "-c", "( echo $(sh -c 'echo $PPID') ) ; true").start();
    String out = new String(sh.getInputStream().readAllBytes()).trim();
    assertThat(sh.waitFor(20, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(300);
    monitor.sync();
    // the command substitution's subshell forked from the outer subshell, which forked from sh: both without exec
    ProcessTable.Entry sub = monitor.table().get(Integer.parseInt(out));
    assertThat(sub).as("subshell %s", out).isNotNull();
    assertThat(sub.attribution()).isEqualTo(Attribution.INHERITED);
    assertThat(sub.exe()).isEqualTo(real("/bin/sh"));
    assertThat(sub.reason()).contains("forked by pid");
  }

  @Test
  void uidChangeBeforeExec_isTheUserOfTheExecdProcess() throws Exception {
    Privileges.assume(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv(1) is needed");
    // setpriv (root) calls setresuid(65534) and then execs cat: the uid event precedes the exec
    Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
        "/bin/cat", "/etc/hostname").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    Thread.sleep(300);
    monitor.sync();
    ProcessTable.Entry cat = monitor.table().get((int) p.pid());
    assertThat(cat).isNotNull();
    assertThat(cat.exe()).isEqualTo(real("/bin/cat"));
    ProcessInfo info = monitor.table().info(cat);
    assertThat(info.uid()).isEqualTo(65534);
    assertThat(info.user()).isEqualTo("nobody");
    assertThat(launches.stream().filter(l -> l[0].pid() == p.pid()).map(l -> l[0].exe()))
        .as("launches of one pid, each with its own image: [the JDK's jspawnhelper,] setpriv, then cat")
        .containsSubsequence(real("/usr/bin/setpriv"), real("/bin/cat")).last().isEqualTo(real("/bin/cat"));
  }

  @Test
  void loaderPaths_areToldApart() {
    assertThat(ExecWatcher.isLoader("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")).isTrue();
    assertThat(ExecWatcher.isLoader("/lib/ld-musl-x86_64.so.1")).isTrue();
    assertThat(ExecWatcher.isLoader("/usr/bin/ld")).isFalse();
    assertThat(ExecWatcher.isLoader("/usr/bin/ldd")).isFalse();
    assertThat(ProcessTable.chooseExe(List.of("/tmp/run.sh", "/usr/bin/dash", "/lib64/ld-linux-x86-64.so.2")))
        .isEqualTo("/usr/bin/dash");
    assertThat(ProcessTable.chooseExe(List.of("/lib64/ld-linux-x86-64.so.2"))).isEqualTo("/lib64/ld-linux-x86-64.so.2");
  }
}
