package dev.aiaudit.scan;

import static dev.aiaudit.scan.ScanTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --root} never leaves the root: directory symbolic links that point outside it (absolute,
 * relative, through a middle component, in a loop, onto the scanning host's own /proc and /etc) read
 * nothing of the host. A host-only tree beside the root carries markers that must never appear.
 */
class RootConfinementTest {
  private static final String MARKER = "HOSTONLYMARKER";

  @TempDir Path tmp;
  private Path root;
  private Path host;

  @BeforeEach
  void trees() throws IOException {
    root = Files.createDirectories(tmp.resolve("image"));
    host = Files.createDirectories(tmp.resolve("host"));
    write(host, "/etc/hostname", MARKER + "\n");
    write(host, "/etc/fstab", "/dev/sda1 / ext4 ro," + MARKER + " 0 1\n");
    write(host, "/etc/sysctl.d/99-" + MARKER + ".conf", "kernel.kptr_restrict = 1\n");
    write(host, "/etc/shadow", MARKER + "\n", "rw-rw-rw-");
    write(host, "/proc/cmdline", "audit=0 " + MARKER + "\n");
    write(host, "/proc/sys/kernel/kptr_restrict", "0\n");
    write(host, "/proc/self/mountinfo", "22 1 253:0 / / rw," + MARKER + " shared:1 - xfs /dev/root rw\n");
    write(host, "/boot/config-6.1.0-" + MARKER, "CONFIG_" + MARKER + "=y\n");
  }

  private List<ScanReport> scanAll() {
    List<ScanReport> out = new ArrayList<>();
    for (String profile : List.of("ai-host", "kspp", "cmmc-l2")) {
      out.add(Scanner.builtin().scan(ScanOptions.builder(profile).root(root).build()));
    }
    return out;
  }

  /** Everything a report says, as text. */
  private static String everything(List<ScanReport> reports) {
    StringBuilder b = new StringBuilder();
    for (ScanReport r : reports) {
      b.append(r.host()).append('\n').append(r.target()).append('\n').append(r.inputs()).append('\n')
          .append(r.notes()).append('\n');
      for (CheckResult c : r.results()) {
        b.append(c.id()).append(' ').append(c.actual()).append(' ').append(c.reason()).append('\n');
      }
    }
    return b.toString();
  }

  private static Map<String, CheckResult> byId(List<ScanReport> reports) {
    return reports.stream().flatMap(r -> r.results().stream())
        .collect(Collectors.toMap(CheckResult::id, c -> c, (a, b) -> a));
  }

  @Test
  void absoluteDirectoryLinksOutside_nothingOfTheHostRead() throws IOException {
    for (String dir : List.of("etc", "proc", "boot")) {
      Files.createSymbolicLink(root.resolve(dir), host.resolve(dir).toAbsolutePath());
    }

    List<ScanReport> reports = scanAll();

    assertThat(everything(reports)).doesNotContain(MARKER);
    CheckResult shadow = byId(reports).get("permissions.etc-shadow");
    assertThat(shadow.verdict()).isEqualTo(Verdict.NOTAPPLICABLE);
    assertThat(shadow.reason()).isEqualTo(root + "/etc/shadow not found");
    CheckResult audit = byId(reports).get("audit.enabled-at-boot");
    assertThat(audit.verdict()).isEqualTo(Verdict.NOTAPPLICABLE);
  }

  @Test
  void relativeDirectoryLinksClimbingOut_clampedAtTheRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("etc"), Path.of("../host/etc"));
    Files.createSymbolicLink(root.resolve("proc"), Path.of("../../../../../../../" + host.resolve("proc")));
    Files.createSymbolicLink(root.resolve("boot"), Path.of("../../../../boot"));

    List<ScanReport> reports = scanAll();

    assertThat(everything(reports)).doesNotContain(MARKER);
    assertThat(byId(reports).get("permissions.etc-shadow").verdict()).isEqualTo(Verdict.NOTAPPLICABLE);
  }

  @Test
  void linkInAMiddleComponent_resolvedInsideTheRoot() throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("etc/sysctl.d"), host.resolve("etc/sysctl.d").toAbsolutePath());
    write(root, "/usr/lib/sysctl.d/10-image.conf", "kernel.kptr_restrict = 2\n");
    Files.createDirectories(root.resolve("var"));
    Files.createSymbolicLink(root.resolve("var/run"), Path.of("../../host/proc"));
    Files.createSymbolicLink(root.resolve("proc"), Path.of("var/run"));

    List<ScanReport> reports = scanAll();

    assertThat(everything(reports)).doesNotContain(MARKER);
    CheckResult kptr = byId(reports).get("sysctl.kernel.kptr_restrict");
    assertThat(kptr.actual() + " " + kptr.reason()).contains("10-image.conf").doesNotContain("99-");
  }

  @Test
  void linksOntoTheScanningHostsOwnProcAndEtc_loopReportedNotFollowed() throws IOException {
    Files.createSymbolicLink(root.resolve("proc"), Path.of("/proc"));
    Files.createSymbolicLink(root.resolve("etc"), Path.of("/etc"));
    String hostCmdline = Files.readString(Path.of("/proc/cmdline")).strip();

    List<ScanReport> reports = scanAll();

    String all = everything(reports);
    if (hostCmdline.length() > 8) {
      assertThat(all).doesNotContain(hostCmdline);
    }
    CheckResult shadow = byId(reports).get("permissions.etc-shadow");
    assertThat(shadow.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(shadow.reason()).isEqualTo(root + "/etc/shadow: too many levels of symbolic links");
    CheckResult audit = byId(reports).get("audit.enabled-at-boot");
    assertThat(audit.verdict()).isIn(Verdict.NOTAPPLICABLE, Verdict.ERROR);
    assertThat(audit.reason()).contains("too many levels of symbolic links");
    assertThat(reports.getFirst().inputs().get("mounts")).doesNotContain("/proc/self/mountinfo (");
  }

  @Test
  void symlinkLoop_errorWithReason() throws IOException {
    Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(root.resolve("b"), Path.of("/a"));
    Files.createSymbolicLink(root.resolve("etc"), Path.of("a"));

    CheckResult shadow = ScanTestSupport.one(ScanOptions.builder("ai-host").root(root), "permissions.etc-shadow");

    assertThat(shadow.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(shadow.reason()).isEqualTo(root + "/etc/shadow: too many levels of symbolic links");
  }

  @Test
  void specialFilesInTheRoot_refusedWithoutBlocking() throws Exception {
    Files.createDirectories(root.resolve("proc"));
    Process mk = new ProcessBuilder("mkfifo", root.resolve("proc/cmdline").toString()).start();
    assertThat(mk.waitFor()).isZero();
    Files.createDirectories(root.resolve("etc/sysctl.d"));
    Process mk2 = new ProcessBuilder("mkfifo", root.resolve("etc/sysctl.d/50-fifo.conf").toString()).start();
    assertThat(mk2.waitFor()).isZero();

    List<ScanReport> reports = scanAll();

    CheckResult audit = byId(reports).get("audit.enabled-at-boot");
    assertThat(audit.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(audit.reason()).contains(root + "/proc/cmdline: not a regular file");
    assertThat(reports.getFirst().notes()).anySatisfy(n -> assertThat(n).contains("50-fifo.conf: not a regular file, skipped"));
  }
}
