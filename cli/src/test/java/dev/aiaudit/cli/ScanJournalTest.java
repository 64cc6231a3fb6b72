package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.journal.JournalVerifier;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.scan.CheckResult;
import dev.aiaudit.scan.ScanOptions;
import dev.aiaudit.scan.ScanReport;
import dev.aiaudit.scan.Scanner;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.EventStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ai-audit scan --data-dir}: each verdict that changed since the last recorded scan becomes one compliance
 * finding in the real journal and DuckDB index (first scan: every check, from {@code absent}; same inputs again:
 * none; changed inputs: exactly the checks whose verdict moved), the chain verifies, and {@code query --class
 * finding} shows them.
 */
class ScanJournalTest extends CapturedStdio {
  private static final List<String> CHECKS = List.of("kconfig.RANDOMIZE_BASE", "kconfig.STACKPROTECTOR_STRONG",
      "kconfig.DEBUG_FS", "cmdline.nokaslr", "cmdline.mitigations", "sysctl.kernel.kptr_restrict",
      "sysctl.kernel.dmesg_restrict");

  @TempDir Path dir;

  @Test
  void scanTwiceThenChange_journalsOnlyChangedVerdicts_chainVerifies_queryShowsThem() throws IOException {
    Path data = dir.resolve("data");
    Path root = Files.createDirectories(dir.resolve("root"));
    Path kconfig = dir.resolve("k.config");
    Path cmdline = dir.resolve("cmdline");
    Path sysctl = dir.resolve("sysctl");
    writeWeak(kconfig, cmdline, sysctl);

    assertThat(scan(root, kconfig, cmdline, sysctl, data)).as(err.toString()).isEqualTo(1);
    Map<String, String> weak = verdicts(root, kconfig, cmdline, sysctl);
    List<FindingEvent> first = findings(data);
    assertThat(first).hasSize(CHECKS.size());
    assertThat(first).allSatisfy(f -> {
      assertThat(f.previousState()).isEqualTo("absent");
      assertThat(f.source()).isEqualTo("scan");
      assertThat(f.subject()).startsWith("scan:kspp/").contains("@root:" + root + ";files:" + kconfig);
    });
    assertThat(stateBySubjectCheck(first)).isEqualTo(weak);

    assertThat(scan(root, kconfig, cmdline, sysctl, data)).isEqualTo(1);
    assertThat(findings(data)).as("an unchanged host adds nothing").hasSize(CHECKS.size());
    assertThat(err.toString()).contains("0 changed verdict(s) journaled");

    Files.writeString(kconfig, "# Linux/x86 6.8.0 Kernel Configuration\nCONFIG_X86_64=y\nCONFIG_LOCALVERSION=\"\"\n"
        + "CONFIG_RANDOMIZE_BASE=y\nCONFIG_STACKPROTECTOR=y\nCONFIG_STACKPROTECTOR_STRONG=y\n# CONFIG_DEBUG_FS is not set\n");
    scan(root, kconfig, cmdline, sysctl, data);
    Map<String, String> hardenedKconfig = verdicts(root, kconfig, cmdline, sysctl);
    List<FindingEvent> all = findings(data);
    List<FindingEvent> third = all.subList(CHECKS.size(), all.size());
    Map<String, String> moved = new HashMap<>();
    hardenedKconfig.forEach((id, v) -> {
      if (!v.equals(weak.get(id))) {
        moved.put(id, v);
      }
    });
    assertThat(moved).as("the fixture must move some verdicts").containsKeys("kconfig.RANDOMIZE_BASE", "kconfig.DEBUG_FS");
    assertThat(stateBySubjectCheck(third)).isEqualTo(moved);
    assertThat(third).allSatisfy(f -> assertThat(f.previousState()).isEqualTo(weak.get(checkOf(f))));

    var v = JournalVerifier.verify(data.resolve("journal"), null);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.records()).isEqualTo(all.size());

    out.reset();
    assertThat(Main.run("query", "--data-dir", data.toString(), "--class", "finding", "--format", "jsonl")).isZero();
    String jsonl = out.toString(StandardCharsets.UTF_8);
    assertThat(jsonl.lines().count()).isEqualTo(all.size());
    assertThat(jsonl).contains("scan:kspp/kconfig.RANDOMIZE_BASE@root:").contains("\"class_uid\":2003");
  }

  @Test
  void scanDataDirHeldByAnotherWriter_exit2_namesTheDirectory() throws IOException {
    Path data = dir.resolve("data");
    Path root = Files.createDirectories(dir.resolve("root"));
    Path kconfig = dir.resolve("k.config");
    Path cmdline = dir.resolve("cmdline");
    Path sysctl = dir.resolve("sysctl");
    writeWeak(kconfig, cmdline, sysctl);
    try (var held = dev.aiaudit.cli.wiring.JournalFindingSink.open(data, "h")) {
      assertThat(scan(root, kconfig, cmdline, sysctl, data)).isEqualTo(2);
      assertThat(err.toString()).contains(data + ": cannot journal scan findings");
    }
  }

  private int scan(Path root, Path kconfig, Path cmdline, Path sysctl, Path data) {
    String[] args = {"scan", "--root", root.toString(), "-p", "kspp", "--kconfig", kconfig.toString(), "--cmdline",
        cmdline.toString(), "--sysctl", sysctl.toString(), "--data-dir", data.toString(), "-f", "json", "-o",
        dir.resolve("report.json").toString()};
    List<String> a = new java.util.ArrayList<>(List.of(args));
    CHECKS.forEach(c -> {
      a.add("--check");
      a.add(c);
    });
    return Main.run(a.toArray(String[]::new));
  }

  /** The verdicts the scanner itself gives (not read back from the journal), by check id. */
  private static Map<String, String> verdicts(Path root, Path kconfig, Path cmdline, Path sysctl) {
    ScanReport r = Scanner.builtin().scan(ScanOptions.builder("kspp").root(root).kconfig(kconfig).cmdline(cmdline)
        .sysctl(sysctl).checkIds(CHECKS).build());
    Map<String, String> m = new HashMap<>();
    for (CheckResult c : r.results()) {
      m.put(c.id(), c.verdict().label());
    }
    return m;
  }

  private static List<FindingEvent> findings(Path data) {
    try (EventStore store = EventStore.openDuckDbReadOnly(data.resolve("events.duckdb"))) {
      return store.query(EventQuery.builder().classUids(List.of(FindingEvent.CLASS_UID)).limit(0).build()).stream()
          .sorted(java.util.Comparator.comparingLong(EventRow::seq)).map(r -> (FindingEvent) r.event()).toList();
    }
  }

  private static Map<String, String> stateBySubjectCheck(List<FindingEvent> fs) {
    Map<String, String> m = new HashMap<>();
    fs.forEach(f -> m.put(checkOf(f), f.state()));
    return m;
  }

  private static String checkOf(FindingEvent f) {
    String s = f.subject().substring("scan:kspp/".length());
    return s.substring(0, s.indexOf('@'));
  }

  private static void writeWeak(Path kconfig, Path cmdline, Path sysctl) throws IOException {
    Files.writeString(kconfig, "# Linux/x86 6.8.0 Kernel Configuration\nCONFIG_X86_64=y\nCONFIG_LOCALVERSION=\"\"\n"
        + "# CONFIG_RANDOMIZE_BASE is not set\nCONFIG_STACKPROTECTOR=y\nCONFIG_DEBUG_FS=y\n");
    Files.writeString(cmdline, "BOOT_IMAGE=/vmlinuz nokaslr mitigations=off\n");
    Files.writeString(sysctl, "kernel.kptr_restrict = 1\nkernel.dmesg_restrict = 1\n");
  }
}
