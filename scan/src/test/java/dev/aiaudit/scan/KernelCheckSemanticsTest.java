package dev.aiaudit.scan;

import static dev.aiaudit.scan.ScanTestSupport.one;
import static dev.aiaudit.scan.ScanTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alternatives, cmdline overrides, missing sources and the sysctl runtime/persisted split. */
class KernelCheckSemanticsTest {
  private static final String HEADER = "# Linux/x86 6.8.0 Kernel Configuration\nCONFIG_X86_64=y\nCONFIG_LOCALVERSION=\"\"\n";
  @TempDir Path root;
  @TempDir Path inputs;

  private ScanOptions.Builder kspp(String kconfig, String cmdline, String sysctl) {
    ScanOptions.Builder b = ScanOptions.builder("kspp").root(root);
    if (kconfig != null) {
      b.kconfig(write(inputs, "/k.config", HEADER + kconfig));
    }
    if (cmdline != null) {
      b.cmdline(write(inputs, "/cmdline", cmdline + "\n"));
    }
    if (sysctl != null) {
      b.sysctl(write(inputs, "/sysctl", "kernel.printk = 4\t4\t1\t7\n" + sysctl));
    }
    return b;
  }

  @Test
  void iommuStrict_cmdlineOverridesLazyKconfig_passes() {
    CheckResult r = one(kspp("# CONFIG_IOMMU_DEFAULT_DMA_STRICT is not set\nCONFIG_IOMMU_DEFAULT_DMA_LAZY=y\n",
        "root=/dev/vda iommu.strict=1", null), "cmdline.iommu.strict");
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void iommuStrict_kconfigStrictButCmdlineLazy_fails() {
    CheckResult r = one(kspp("CONFIG_IOMMU_DEFAULT_DMA_STRICT=y\n", "iommu.strict=0", null), "cmdline.iommu.strict");
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
  }

  @Test
  void iommuStrict_kconfigStrictAndCmdlineSilent_passes() {
    assertThat(one(kspp("CONFIG_IOMMU_DEFAULT_DMA_STRICT=y\n", "quiet", null), "cmdline.iommu.strict").verdict())
        .isEqualTo(Verdict.PASS);
  }

  @Test
  void cmdlineCheck_withoutKconfigForItsAlternative_isNotApplicableNotPass() {
    CheckResult r = one(ScanOptions.builder("kspp").root(root).cmdline(write(inputs, "/c", "quiet\n")), "cmdline.iommu.strict");
    assertThat(r.verdict()).isEqualTo(Verdict.NOTAPPLICABLE);
    assertThat(r.reason()).contains("kernel config not found");
  }

  @Test
  void isNotSet_optionAbsentFromConfig_passesLikeReference() {
    assertThat(one(kspp("", null, null), "kconfig.KEXEC").verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void isNotOff_mitigationExplicitlyOff_fails() {
    assertThat(one(kspp("", "spectre_v2=off mitigations=auto,nosmt", null), "cmdline.spectre_v2").verdict())
        .isEqualTo(Verdict.FAIL);
    assertThat(one(kspp("", "mitigations=auto,nosmt", null), "cmdline.spectre_v2").verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void kstrtobool_cmdlineValuesNormalised_yesCountsAsOne() {
    assertThat(one(kspp("", "init_on_alloc=yes", null), "cmdline.init_on_alloc").verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void kernelVersion_alternativeSatisfiedByNewKernel_passes() {
    assertThat(one(kspp("", null, null), "kconfig.X86_SMAP").verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void sysctlOnly_kconfigAlternativeGuardedByLocalversion_failsLikeReference() {
    CheckResult r = one(ScanOptions.builder("kspp").root(root).sysctl(write(inputs, "/s", "kernel.modules_disabled = 0\n")),
        "sysctl.kernel.modules_disabled");
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
  }

  @Test
  void expectFrom_maximumMissing_isNotApplicable() {
    CheckResult r = one(kspp("CONFIG_ARCH_MMAP_RND_BITS=28\n", null, null), "kconfig.ARCH_MMAP_RND_BITS");
    assertThat(r.verdict()).isEqualTo(Verdict.NOTAPPLICABLE);
    assertThat(r.reason()).contains("ARCH_MMAP_RND_BITS_MAX");
  }

  @Test
  void lsmList_itemInQuotedList_passes() {
    assertThat(one(kspp("CONFIG_LSM=\"landlock,lockdown,yama\"\n", null, null), "kconfig.LSM.yama").verdict())
        .isEqualTo(Verdict.PASS);
  }

  @Test
  void offlineRoot_noProcSys_sysctlCheckNotApplicableWithReason() {
    CheckResult r = one(ScanOptions.builder("kspp").root(root), "sysctl.kernel.kptr_restrict");
    assertThat(r.verdict()).isEqualTo(Verdict.NOTAPPLICABLE);
    assertThat(r.reason()).contains("offline root");
  }

  @Test
  void sysctlBoth_runtimeGoodButNotPersisted_failsAndReportsEach() {
    write(root, "/proc/sys/kernel/kptr_restrict", "2\n");
    CheckResult r = one(ScanOptions.builder("ai-host").root(root), "sysctl.kernel.kptr_restrict");
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.actual()).contains("runtime kernel.kptr_restrict=2").contains("not persisted");
  }

  @Test
  void sysctlBoth_runtimeAndPersistedGood_passesNamingTheFile() {
    write(root, "/proc/sys/kernel/kptr_restrict", "2\n");
    write(root, "/usr/lib/sysctl.d/50-default.conf", "kernel.kptr_restrict = 1\n");
    write(root, "/etc/sysctl.d/90-hardening.conf", "# hardening\nkernel.kptr_restrict = 2\n");
    CheckResult r = one(ScanOptions.builder("ai-host").root(root), "sysctl.kernel.kptr_restrict");
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.actual()).contains("/etc/sysctl.d/90-hardening.conf:2");
  }

  @Test
  void sysctlPersisted_etcOverridesSameNameInUsrLib() {
    write(root, "/proc/sys/kernel/dmesg_restrict", "1\n");
    write(root, "/usr/lib/sysctl.d/10-x.conf", "kernel.dmesg_restrict = 1\n");
    write(root, "/etc/sysctl.d/10-x.conf", "kernel.dmesg_restrict = 0\n");
    assertThat(one(ScanOptions.builder("ai-host").root(root), "sysctl.kernel.dmesg_restrict").verdict())
        .isEqualTo(Verdict.FAIL);
  }

  @Test
  void sysctlBoth_dumpGivenForLiveRoot_judgesRuntimeOnlyAndSaysSo() {
    CheckResult r = one(ScanOptions.builder("ai-host").sysctl(write(inputs, "/s", "kernel.kptr_restrict = 2\n")),
        "sysctl.kernel.kptr_restrict");
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.actual()).contains("persisted setting not judged");
  }

  @Test
  void explicitInputs_liveRoot_otherKernelSourcesNotTakenFromThisHost() {
    CheckResult r = one(ScanOptions.builder("kspp").cmdline(write(inputs, "/c", "iommu.strict=0\n")),
        "kconfig.RANDOMIZE_BASE");
    assertThat(r.verdict()).isEqualTo(Verdict.NOTAPPLICABLE);
    assertThat(r.reason()).contains("--kconfig");
  }

  @Test
  void explicitInput_missingFile_isScanException() {
    assertThatThrownBy(() -> Scanner.builtin().scan(ScanOptions.builder("kspp").root(root)
        .kconfig(inputs.resolve("nope.config")).build())).isInstanceOf(ScanException.class).hasMessageContaining("--kconfig");
  }

  @Test
  void unknownProfileOrCheck_isScanException() {
    assertThatThrownBy(() -> Scanner.builtin().scan(ScanOptions.builder("nope").root(root).build()))
        .isInstanceOf(ScanException.class).hasMessageContaining("unknown profile");
    assertThatThrownBy(() -> one(ScanOptions.builder("kspp").root(root), "kconfig.NOPE"))
        .isInstanceOf(ScanException.class).hasMessageContaining("unknown check");
  }
}
