package dev.aiaudit.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.scan.content.Content;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kspp profile against fixture kconfig/cmdline/sysctl sets: every check's verdict must equal the one that
 * kernel-hardening-checker's rules give under its published semantics, computed by {@link KhcOracle} from a separate
 * transcription of its x86_64 list ({@code fixtures/khc/reference-rules-x86_64.txt}), never from ai-audit's output;
 * and the profile must hold exactly the reference's checks.
 */
class KhcParityTest {
  private static final Path RULES = Fixtures.path("fixtures/khc/reference-rules-x86_64.txt");

  @TempDir Path emptyRoot;

  @ParameterizedTest
  @ValueSource(strings = {"hardened", "weak", "mixed"})
  void scan_fixtureSet_everyVerdictMatchesReferenceSemantics(String set) throws IOException {
    Path kconfig = Fixtures.path("fixtures/khc/" + set + ".config");
    Path cmdline = Fixtures.path("fixtures/khc/" + set + ".cmdline");
    Path sysctl = Fixtures.path("fixtures/khc/" + set + ".sysctl");
    Map<String, String> expected = new KhcOracle(kconfig, cmdline, sysctl).verdicts(RULES);
    ScanReport report = Scanner.builtin().scan(ScanOptions.builder("kspp").root(emptyRoot)
        .kconfig(kconfig).cmdline(cmdline).sysctl(sysctl).build());

    List<String> mismatches = new ArrayList<>();
    for (CheckResult r : report.results()) {
      String want = expected.get(r.id());
      if (!r.verdict().label().equals(want)) {
        mismatches.add(r.id() + ": reference " + want + ", ai-audit " + r.verdict().label() + " (" + r.actual() + r.reason() + ")");
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(report.results().stream().map(CheckResult::id).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    // both verdicts occur in every set, so neither side can agree by always answering the same
    assertThat(expected.values()).contains("pass", "fail");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kconfig", "cmdline", "sysctl"})
  void kspp_checksOfEachKind_areExactlyTheReferenceList(String kind) throws IOException {
    List<String> reference = KhcOracle.rules(RULES).stream().filter(r -> r.kind().equals(kind)).map(KhcOracle.Rule::id).toList();
    List<String> ours = Content.builtin().checks().values().stream()
        .filter(c -> c.tags().contains("khc") && c.kind().equals(kind)).map(c -> c.id()).toList();
    assertThat(reference).doesNotHaveDuplicates();
    assertThat(ours).containsExactlyInAnyOrderElementsOf(reference);
    ProfileInfo kspp = Scanner.builtin().profiles().stream().filter(p -> p.id().equals("kspp")).findFirst().orElseThrow();
    assertThat(kspp.checkCount()).isEqualTo(KhcOracle.rules(RULES).size());
  }
}
