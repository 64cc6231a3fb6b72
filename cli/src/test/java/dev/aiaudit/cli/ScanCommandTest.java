package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ai-audit scan}: options reach the scanner, exit codes 0 / 1 / 2. */
class ScanCommandTest extends CapturedStdio {
  @TempDir Path root;
  @Test
  void listProfiles_printsFourProfilesWithCounts_exit0() {
    assertThat(Main.run("scan", "--list-profiles")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("kspp", "352", "ai-host", "cmmc-l2", "pci-dss-4");
  }

  @Test
  void listChecks_printsChecksWithControls_exit0() {
    assertThat(Main.run("scan", "--list-checks", "-p", "cmmc-l2")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("fips.enabled").contains("3.13.11");
  }

  @Test
  void scan_failingCheck_exit1_belowThreshold_exit0() throws IOException {
    Path cmdline = Files.writeString(root.resolve("cmdline"), "nokaslr\n");
    Path kconfig = Files.writeString(root.resolve("k.config"), "# Linux/x86 6.8.0 Kernel Configuration\nCONFIG_X86_64=y\n");
    String[] base = {"scan", "--root", root.toString(), "-p", "kspp", "--check", "cmdline.nokaslr",
        "--cmdline", cmdline.toString(), "--kconfig", kconfig.toString()};
    assertThat(Main.run(base)).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAIL").contains("cmdline.nokaslr");
    assertThat(Main.run(concat(base, "--fail-on", "critical"))).isZero();
  }

  @Test
  void scan_jsonToFile_exit0WhenOnlyNotApplicable() throws IOException {
    Path report = root.resolve("r.json");
    int rc = Main.run("scan", "--root", root.toString(), "--check", "fips.enabled", "-f", "json", "-o", report.toString());
    assertThat(rc).isZero();
    assertThat(Files.readString(report)).contains("\"notapplicable\"").contains("\"schemaVersion\"");
  }

  @Test
  void scan_unknownProfile_exit2WithMessage() {
    assertThat(Main.run("scan", "--root", root.toString(), "-p", "nope")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown profile 'nope'");
  }

  @Test
  void scan_missingKconfigFile_exit2() {
    assertThat(Main.run("scan", "--root", root.toString(), "--kconfig", root.resolve("none").toString())).isEqualTo(2);
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
