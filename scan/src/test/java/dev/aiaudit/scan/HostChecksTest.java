package dev.aiaudit.scan;

import dev.aiaudit.model.AlertSeverity;
import static dev.aiaudit.scan.ScanTestSupport.one;
import static dev.aiaudit.scan.ScanTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every non-kernel check kind on pass, fail and not-applicable, against fake root trees. */
class HostChecksTest {
  @TempDir Path root;

  private Verdict verdict(String id) {
    return one(ScanOptions.builder("ai-host").root(root), id).verdict();
  }

  @Test
  void selinux_enforcing_passFailAndOffline() {
    assertThat(verdict("selinux.enforcing")).isEqualTo(Verdict.NOTAPPLICABLE);
    write(root, "/sys/fs/selinux/enforce", "0\n");
    assertThat(verdict("selinux.enforcing")).isEqualTo(Verdict.FAIL);
    write(root, "/sys/fs/selinux/enforce", "1\n");
    assertThat(verdict("selinux.enforcing")).isEqualTo(Verdict.PASS);
    assertThat(verdict("selinux.enabled")).isEqualTo(Verdict.PASS);
    assertThat(verdict("selinux.policy-loaded")).isEqualTo(Verdict.FAIL);
  }

  @Test
  void selinux_sysWithoutSelinuxfs_enforcingFails() throws IOException {
    Files.createDirectories(root.resolve("sys/kernel"));
    assertThat(verdict("selinux.enforcing")).isEqualTo(Verdict.FAIL);
  }

  @Test
  void selinuxConfig_persistedMode_passFailNotApplicable() {
    assertThat(verdict("selinux.config-enforcing")).isEqualTo(Verdict.NOTAPPLICABLE);
    write(root, "/etc/selinux/config", "# comment\nSELINUX=permissive\nSELINUXTYPE=targeted\n");
    assertThat(verdict("selinux.config-enforcing")).isEqualTo(Verdict.FAIL);
    write(root, "/etc/selinux/config", "SELINUX=enforcing\n");
    assertThat(verdict("selinux.config-enforcing")).isEqualTo(Verdict.PASS);
  }

  @Test
  void fips_enabledFlag_passFailNotApplicable() {
    assertThat(verdict("fips.enabled")).isEqualTo(Verdict.NOTAPPLICABLE);
    write(root, "/proc/sys/crypto/fips_enabled", "0\n");
    assertThat(verdict("fips.enabled")).isEqualTo(Verdict.FAIL);
    write(root, "/proc/sys/crypto/fips_enabled", "1\n");
    assertThat(verdict("fips.enabled")).isEqualTo(Verdict.PASS);
  }

  @Test
  void audit_bootParameter_passFailNotApplicable() {
    assertThat(verdict("audit.enabled-at-boot")).isEqualTo(Verdict.NOTAPPLICABLE);
    write(root, "/proc/cmdline", "root=/dev/vda audit=0\n");
    assertThat(verdict("audit.enabled-at-boot")).isEqualTo(Verdict.FAIL);
    write(root, "/proc/cmdline", "root=/dev/vda audit=1\n");
    assertThat(verdict("audit.enabled-at-boot")).isEqualTo(Verdict.PASS);
  }

  @Test
  void mounts_rootReadOnlyAndTmpOptions_fromMountinfo() {
    write(root, "/proc/self/mountinfo", String.join("\n",
        "22 1 253:0 / / ro,relatime shared:1 - xfs /dev/mapper/root ro,attr2",
        "23 22 0:21 / /tmp rw,nosuid,nodev shared:2 - tmpfs tmpfs rw",
        "24 22 0:22 / /dev/shm rw,nosuid,nodev,noexec shared:3 - tmpfs tmpfs rw") + "\n");
    assertThat(verdict("mount.root-readonly")).isEqualTo(Verdict.PASS);
    assertThat(verdict("mount.tmp-nodev-nosuid-noexec")).isEqualTo(Verdict.FAIL);
    assertThat(verdict("mount.dev-shm-nodev-nosuid-noexec")).isEqualTo(Verdict.PASS);
    assertThat(one(ScanOptions.builder("cmmc-l2").root(root), "mount.home-nodev").verdict()).isEqualTo(Verdict.NOTAPPLICABLE);
  }

  @Test
  void mounts_imageWithoutProc_judgedFromFstab() {
    write(root, "/etc/fstab", "# image\nUUID=abc / ext4 defaults,rw 0 1\ntmpfs /tmp tmpfs nodev,nosuid,noexec 0 0\n");
    assertThat(verdict("mount.root-readonly")).isEqualTo(Verdict.FAIL);
    assertThat(verdict("mount.tmp-nodev-nosuid-noexec")).isEqualTo(Verdict.PASS);
  }

  @Test
  void gpuDevices_worldWritableNodeFails_restrictedPasses_noneNotApplicable() {
    write(root, "/etc/hostname", "gpu-1\n");
    Path dev = root.resolve("dev");
    assertThat(dev.toFile().mkdirs()).isTrue();
    assertThat(verdict("device.gpu-not-world-writable")).isEqualTo(Verdict.NOTAPPLICABLE);
    write(root, "/dev/nvidia0", "", "rw-rw-rw-");
    write(root, "/dev/nvidiactl", "", "rw-rw----");
    write(root, "/dev/dri/renderD128", "", "rw-rw----");
    CheckResult r = one(ScanOptions.builder("ai-host").root(root), "device.gpu-not-world-writable");
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.actual()).contains("nvidia0").doesNotContain("nvidiactl");
    write(root, "/dev/nvidia0", "", "rw-rw----");
    assertThat(verdict("device.gpu-not-world-writable")).isEqualTo(Verdict.PASS);
    write(root, "/dev/dri/card0", "", "rw-rw-rw-");
    assertThat(verdict("device.gpu-not-world-writable")).isEqualTo(Verdict.FAIL);
  }

  @Test
  void confidentialComputing_guestDeviceOrCpuFlag() {
    write(root, "/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu sse2 hypervisor\n");
    write(root, "/dev/null", "");
    assertThat(verdict("cc.guest")).isEqualTo(Verdict.FAIL);
    write(root, "/dev/sev-guest", "");
    assertThat(verdict("cc.guest")).isEqualTo(Verdict.PASS);
    assertThat(verdict("cc.sev-snp-guest-device")).isEqualTo(Verdict.PASS);
  }

  @Test
  void livepatch_sysDirectory_passFailNotApplicable() throws IOException {
    assertThat(verdict("livepatch.available")).isEqualTo(Verdict.NOTAPPLICABLE);
    Files.createDirectories(root.resolve("sys/kernel"));
    assertThat(verdict("livepatch.available")).isEqualTo(Verdict.FAIL);
    Files.createDirectories(root.resolve("sys/kernel/livepatch"));
    assertThat(verdict("livepatch.available")).isEqualTo(Verdict.PASS);
  }

  @Test
  void shadowPermissions_modeTooOpenFails_strictPasses_absentNotApplicable() {
    assertThat(verdict("permissions.etc-shadow")).isEqualTo(Verdict.NOTAPPLICABLE);
    write(root, "/etc/shadow", "root:*:19000:0:99999:7:::\n", "rw-r--r--");
    String uid = System.getProperty("user.name").equals("root") ? "0" : "other";
    Verdict open = verdict("permissions.etc-shadow");
    assertThat(open).isEqualTo(Verdict.FAIL);
    write(root, "/etc/shadow", "root:*:19000:0:99999:7:::\n", "rw-r-----");
    assertThat(verdict("permissions.etc-shadow")).isEqualTo(uid.equals("0") ? Verdict.PASS : Verdict.FAIL);
  }

  @Test
  void sshd_permitRootLogin_firstValueWins_defaultApplies() {
    assertThat(verdict("sshd.permit-root-login")).isEqualTo(Verdict.NOTAPPLICABLE);
    write(root, "/etc/ssh/sshd_config", "Port 22\n");
    assertThat(verdict("sshd.permit-root-login")).isEqualTo(Verdict.FAIL);
    write(root, "/etc/ssh/sshd_config", "# PermitRootLogin yes\npermitrootlogin no\nPermitRootLogin yes\n");
    assertThat(verdict("sshd.permit-root-login")).isEqualTo(Verdict.PASS);
  }

  @Test
  void offlineRoot_absoluteSymlink_resolvedInsideTheRootNotOnTheHost() throws IOException {
    write(root, "/usr/share/selinux-config", "SELINUX=enforcing\n");
    Files.createDirectories(root.resolve("etc/selinux"));
    Files.createSymbolicLink(root.resolve("etc/selinux/config"), Path.of("/usr/share/selinux-config"));
    assertThat(verdict("selinux.config-enforcing")).isEqualTo(Verdict.PASS);
    Files.createSymbolicLink(root.resolve("etc/ssh"), Path.of("/../../../etc/ssh-missing"));
    assertThat(verdict("sshd.permit-root-login")).isEqualTo(Verdict.NOTAPPLICABLE);
  }

  @Test
  void offlineRoot_aiHostScan_runtimeChecksNotApplicableAndNoted() {
    write(root, "/etc/hostname", "image\n");
    ScanReport report = Scanner.builtin().scan(ScanOptions.builder("ai-host").root(root).build());
    Map<Verdict, Integer> counts = report.counts();
    assertThat(counts.get(Verdict.PASS)).isZero();
    assertThat(counts.get(Verdict.NOTAPPLICABLE)).isGreaterThan(150);
    assertThat(report.notes()).anyMatch(n -> n.contains("cannot apply to the offline root"));
    assertThat(report.host()).isEqualTo("image");
    assertThat(report.exitCode(AlertSeverity.LOW)).isEqualTo(report.counts().get(Verdict.FAIL) > 0 ? 1 : 0);
    assertThat(List.of(report.target())).allMatch(t -> t.startsWith("root "));
  }
}
