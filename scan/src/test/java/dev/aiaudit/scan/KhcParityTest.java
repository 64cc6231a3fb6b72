package dev.aiaudit.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kspp profile against fixture kconfig/cmdline/sysctl sets: every check's verdict must equal the one
 * reasoned from kernel-hardening-checker's rules (fixtures/khc/expected-verdicts.tsv), and the data file must
 * cover every check of the profile.
 */
class KhcParityTest {
  @TempDir Path emptyRoot;

  @ParameterizedTest
  @ValueSource(strings = {"hardened", "weak"})
  void scan_fixtureSet_everyVerdictMatchesReference(String set) throws IOException {
    int column = set.equals("hardened") ? 1 : 2;
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Fixtures.path("fixtures/khc/expected-verdicts.tsv"))) {
      if (!line.startsWith("#") && !line.isBlank()) {
        String[] f = line.split("\t");
        expected.put(f[0], f[column]);
      }
    }
    ScanReport report = Scanner.builtin().scan(ScanOptions.builder("kspp").root(emptyRoot)
        .kconfig(Fixtures.path("fixtures/khc/" + set + ".config"))
        .cmdline(Fixtures.path("fixtures/khc/" + set + ".cmdline"))
        .sysctl(Fixtures.path("fixtures/khc/" + set + ".sysctl")).build());

    List<String> mismatches = new ArrayList<>();
    for (CheckResult r : report.results()) {
      String want = expected.get(r.id());
      if (!r.verdict().label().equals(want)) {
        mismatches.add(r.id() + ": expected " + want + ", got " + r.verdict().label() + " (" + r.actual() + r.reason() + ")");
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(report.results().stream().map(CheckResult::id).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
  }

  @ParameterizedTest
  @ValueSource(strings = {"kconfig", "cmdline", "sysctl"})
  void kspp_checkCounts_matchReferenceListForX86_64(String kind) {
    ProfileInfo kspp = Scanner.builtin().profiles().stream().filter(p -> p.id().equals("kspp")).findFirst().orElseThrow();
    long n = dev.aiaudit.scan.content.Content.builtin().checks().values().stream()
        .filter(c -> c.tags().contains("khc") && c.kind().equals(kind)).count();
    Map<String, Integer> reference = Map.of("kconfig", 228, "cmdline", 56, "sysctl", 38);
    assertThat(n).isEqualTo((long) reference.get(kind));
    assertThat(kspp.checkCount()).isEqualTo(322);
  }
}
