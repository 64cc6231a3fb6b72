package dev.aiaudit.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.Attribution;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.sensor.SensorConfig;
import dev.aiaudit.testing.InMemorySink;
import dev.aiaudit.testing.Privileges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8 item 5: execs as OCSF Process Activity Launch records, from the real kernel. */
class ProcessLaunchSensorTest {
  @TempDir Path tmp;
  private final InMemorySink sink = new InMemorySink();
  private SensorConfig cfg;

  @BeforeEach
  void setUp() {
    Privileges.assumeCapSysAdmin("process events connector");
    cfg = SensorConfig.builder().addRoot(tmp).setHost("test-host").build();
  }

  private ProcessLaunchSensor start(LaunchScope scope, Duration coalesce) {
    ProcessLaunchSensor s = ProcessLaunchSensor.create(cfg, e -> sink.accept(List.of(e)), scope, coalesce);
    s.start();
    assertThat(s.description()).startsWith("process launches (scope " + scope.id());
    return s;
  }

  private static String real(String p) throws Exception {
    return Path.of(p).toRealPath().toString();
  }

  @Test
  void launchInNewMountAndPidNamespace_namesItsParent() throws Exception {
    Privileges.assume(Files.isExecutable(Path.of("/usr/bin/unshare")), "unshare(1) is needed");
    try (ProcessLaunchSensor s = start(LaunchScope.ALL, Duration.ofSeconds(1))) {
      Process u = new ProcessBuilder("/usr/bin/unshare", "-m", "-p", "-f", "--mount-proc", "/bin/sh", "-c",
          "readlink /proc/self/ns/pid; /bin/cat /etc/hostname >/dev/null").redirectErrorStream(true).start();
      String out = new String(u.getInputStream().readAllBytes()).trim();
      assertThat(u.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(u.exitValue()).as(out).isZero();
      assertThat(out).as("the shell ran in another pid namespace")
          .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString()).startsWith("pid:[");
      int unsharePid = (int) u.pid();
      List<ProcessEvent> sh = sink.await(ProcessEvent.class, e -> e.process().ppid() == unsharePid, 1, Duration.ofSeconds(10));
      assertThat(sh).as("launch of the shell forked by unshare %d", unsharePid).hasSize(1);
      ProcessEvent shell = sh.get(0);
      assertThat(shell.process().exe()).isEqualTo(real("/bin/sh"));
      assertThat(shell.parentExe()).isEqualTo(real("/usr/bin/unshare"));
      assertThat(shell.parentCmdline()).startsWith("/usr/bin/unshare -m -p -f --mount-proc");
      assertThat(shell.process().user()).isEqualTo("root");
      assertThat(shell.process().attribution()).isEqualTo(Attribution.EXACT);
      assertThat(shell.classUid()).isEqualTo(1007);
      int shPid = shell.process().pid();
      List<ProcessEvent> cat = sink.await(ProcessEvent.class, e -> e.process().ppid() == shPid
          && e.process().exe() != null && e.process().exe().endsWith("/cat"), 1, Duration.ofSeconds(10));
      assertThat(cat).as("launch of cat by the namespaced shell (host pid %d)", shPid).hasSize(1);
      assertThat(cat.get(0).parentExe()).isEqualTo(real("/bin/sh"));
      assertThat(cat.get(0).cwd()).isNotNull();
      String unshareExe = real("/usr/bin/unshare");
      List<ProcessEvent> self = sink.await(ProcessEvent.class, e -> e.process().pid() == unsharePid
          && unshareExe.equals(e.process().exe()), 1, Duration.ofSeconds(10));
      assertThat(self).as("launch of unshare itself, child of this JVM").hasSize(1);
      assertThat(self.get(0).process().ppid()).isEqualTo((int) ProcessHandle.current().pid());
      System.out.println("launch in new namespaces: " + shell);
    }
  }

  @Test
  void fastExecLoop_isCoalescedAndKeepsTheTotalCount() throws Exception {
    int n = 400;
    try (ProcessLaunchSensor s = start(LaunchScope.ALL, Duration.ofMillis(500))) {
      Process sh = new ProcessBuilder("/bin/sh", "-c", "i=0; while [ $i -lt " + n + " ]; do /bin/true; i=$((i+1)); done")
          .start();
      assertThat(sh.waitFor(60, TimeUnit.SECONDS)).isTrue();
      int shPid = (int) sh.pid();
      Thread.sleep(1_200); // past the coalescing window: the folded launches are emitted
      s.close();
      List<ProcessEvent> loop = sink.events().stream().filter(ProcessEvent.class::isInstance).map(ProcessEvent.class::cast)
          .filter(e -> e.process().ppid() == shPid).toList();
      long total = loop.stream().mapToLong(ProcessEvent::count).sum();
      System.out.printf("exec loop: %d execs of /bin/true -> %d launch records, counts summing to %d; %s%n", n, loop.size(),
          total, s.stats());
      assertThat(total).as("every exec counted").isEqualTo(n);
      String trueExe = real("/bin/true");
      assertThat(loop).allSatisfy(e -> assertThat(e.process().exe()).isEqualTo(trueExe));
      assertThat(loop.size()).as("coalesced").isLessThan(n);
      assertThat(loop).anySatisfy(e -> assertThat(e.count()).isGreaterThan(1));
    }
  }

  @Test
  void containersScope_leavesHostProcessesOut() throws Exception {
    try (ProcessLaunchSensor s = start(LaunchScope.CONTAINERS, Duration.ofSeconds(1))) {
      Process p = new ProcessBuilder("/bin/true").start();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (s.stats().outsideRoots() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(s.stats().outsideRoots()).as("execs out of scope counted").isPositive();
      for (Event e : sink.events()) {
        if (e instanceof ProcessEvent pe) {
          assertThat(pe.process().containerId() != null || pe.process().podUid() != null).as("%s", pe).isTrue();
        }
      }
    }
  }

  @Test
  void connectorOverrun_becomesAProcessEventsLostRecord() throws Exception {
    try (ProcessMonitor small = ProcessMonitor.start(ProcessTable.DEFAULT_GRACE_NANOS, 4_096, 4_096);
        ProcessLaunchSensor s = ProcessLaunchSensor.create(cfg, e -> sink.accept(List.of(e)), LaunchScope.ALL,
            Duration.ofSeconds(1), small)) {
      s.start();
      // the monitor cannot drain while its lock is held: 200 fork/exec/exit triples overrun a 4 KiB socket buffer
      small.whileQuiet(() -> {
        Process p = new ProcessBuilder("/bin/sh", "-c", "i=0; while [ $i -lt 200 ]; do /bin/true; i=$((i+1)); done").start();
        return p.waitFor(60, TimeUnit.SECONDS);
      });
      List<SensorEvent> lost = sink.await(SensorEvent.class, e -> e.kind() == SensorEvent.Kind.PROCESS_EVENTS_LOST, 1,
          Duration.ofSeconds(10));
      assertThat(lost).as("an overrun is reported, never silent").isNotEmpty();
      assertThat(lost.get(0).message()).contains("ENOBUFS");
      assertThat(small.connectorOverruns()).isPositive();
      assertThat(s.stats().overflows()).isEqualTo(small.connectorOverruns() + small.execOverflows());
    }
  }
}
