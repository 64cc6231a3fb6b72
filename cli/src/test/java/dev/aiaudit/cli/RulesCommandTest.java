package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.cli.config.AgentConfig;
import dev.aiaudit.cli.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ai-audit rules}: list, test with exit codes 0 / 1 / 2, fields; the detect config keys. */
class RulesCommandTest extends CapturedStdio {
  @TempDir Path dir;
  @Test
  void list_builtin_printsEveryRuleWithIndexKeys_exit0() {
    assertThat(Main.run("rules", "list")).isZero();
    assertThat(out.toString()).contains("weights-read-by-copy-tool", "file/open,read", "kernel-queue-overflow",
        "sensor/queue_overflow", "28 rules (28 enabled)");
  }

  @Test
  void test_builtin_allExamplesPass_exit0() {
    assertThat(Main.run("rules", "test")).isZero();
    assertThat(out.toString()).startsWith("OK: 71 examples of 28 rules, 71 passed, 0 failed");
  }

  @Test
  void test_failingExample_reportsItLikeAUnitTest_exit1() throws Exception {
    Path f = Files.writeString(dir.resolve("mine.yaml"), """
        rules:
          - id: mine
            title: copy of weights
            severity: high
            condition: weights && proc.name in copy_tools
            examples:
              match:
                - {activity: read, file.path: /models/a.pt, proc.exe: /usr/bin/cp}
                - {activity: read, file.path: /models/a.pt, proc.exe: /usr/bin/python3}
              no_match:
                - {activity: read, file.path: /data/a.parquet, proc.exe: /usr/bin/cp}
        """);
    assertThat(Main.run("rules", "test", f.toString())).isEqualTo(1);
    assertThat(out.toString()).isEqualTo("FAIL mine " + f + ":9 (match): expected the rule to fire, it did not\n"
        + "FAILED: 3 examples of 1 rules, 2 passed, 1 failed\n");
  }

  @Test
  void test_brokenFile_printsTheErrorWithCaret_exit2() throws Exception {
    Path f = Files.writeString(dir.resolve("bad.yaml"), """
        rules:
          - {id: bad, title: t, severity: low, condition: 'proc.pid == "1"'}
        """);
    assertThat(Main.run("rules", "test", f.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("ERROR: " + f + ":2:61: rule bad: found no matching overload for '_==_'")
        .contains(" [COMPILE_CONDITION]\n | " + "  - {id: bad, title: t, severity: low, condition: 'proc.pid == \"1\"'}\n")
        .endsWith("\n | " + " ".repeat(60) + "^\n");
  }

  @Test
  void importSigma_convertsAndReportsSkips_outputLoadsAndTests_exit1() throws Exception {
    Path sigma = Files.createDirectories(dir.resolve("sigma"));
    Files.writeString(sigma.resolve("a.yml"), """
        title: Weights copied by cp
        id: 11111111-2222-3333-4444-555555555555
        level: high
        logsource: {product: linux, category: file_access}
        detection:
          sel: {Image|endswith: /cp, TargetFilename|endswith: .safetensors}
          condition: sel
        """);
    Files.writeString(sigma.resolve("b.yml"), """
        title: Windows thing
        logsource: {product: windows, category: process_creation}
        detection: {sel: {Image: x.exe}, condition: sel}
        """);
    Path out = dir.resolve("converted.yaml");
    assertThat(Main.run("rules", "import-sigma", sigma.toString(), "-o", out.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("SKIP " + sigma.resolve("b.yml") + ": Windows thing: unsupported logsource product"
        + " 'windows' (linux only)\nsigma import: converted 1, skipped 1 (unsupported logsource product: 1)\n");
    assertThat(Files.readString(out)).contains("id: \"sigma-11111111-2222-3333-4444-555555555555\"");
    out.toFile().setLastModified(System.currentTimeMillis());
    assertThat(Main.run("rules", "list", out.toString())).isZero();
    assertThat(this.out.toString()).contains("sigma-11111111-2222-3333-4444-555555555555", "file/open,read");
  }

  @Test
  void importSigma_missingInput_exit2() {
    assertThat(Main.run("rules", "import-sigma", dir.resolve("nope").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no such file or directory");
  }

  @Test
  void fields_listsTheVocabulary() {
    assertThat(Main.run("rules", "fields")).isZero();
    assertThat(out.toString()).contains("file.path", "proc.parent_exe", "sensor.kind");
  }

  @Test
  void config_detectSection_isRead() throws Exception {
    Path f = Files.writeString(dir.resolve("ai-audit.yaml"), """
        detect:
          builtin: false
          rules: [/etc/ai-audit/rules.d]
          learning: 12h
          rare_time_zone: Europe/Berlin
          warm_up: 0
        """);
    AgentConfig c = new ConfigLoader().load(f);
    assertThat(c.detect().warmUp()).isZero();
    assertThat(AgentConfig.defaults().detect().warmUp()).isEqualTo(100_000);
    assertThat(c.detect().builtin()).isFalse();
    assertThat(c.detect().enabled()).isTrue();
    assertThat(c.detect().rules()).containsExactly(Path.of("/etc/ai-audit/rules.d"));
    assertThat(c.detect().learning()).isEqualTo(Duration.ofHours(12));
    assertThat(AgentConfig.defaults().detect().learning()).isEqualTo(Duration.ofHours(24));
    assertThat(AgentConfig.defaults().detect().rules()).isEqualTo(List.of());
    assertThat(c.detect().rareTimeZone()).isEqualTo("Europe/Berlin");
    assertThat(AgentConfig.defaults().detect().rareTimeZone()).isEqualTo(java.time.ZoneId.systemDefault().getId());
  }

  @Test
  void config_unknownRareTimeZone_namesFileAndZone() throws Exception {
    Path f = Files.writeString(dir.resolve("ai-audit.yaml"), """
        detect:
          rare_time_zone: Mars/Olympus
        """);
    assertThatThrownBy(() -> new ConfigLoader().load(f))
        .hasMessageStartingWith("ERROR: " + f + ":")
        .hasMessageContaining("unknown time zone 'Mars/Olympus'");
  }
}
