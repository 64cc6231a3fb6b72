package dev.aiaudit.scan.content;

import dev.aiaudit.model.text.DiagnosticException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.model.AlertSeverity;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Loading, schema validation and located error messages of check and profile files. */
class ContentLoaderTest {

  @Test
  void loadBuiltin_withSchemaValidation_hasNoIssuesAndFourProfiles() {
    Content c = ContentLoader.loadBuiltin(true);
    assertThat(c.profiles()).containsOnlyKeys("kspp", "ai-host", "cmmc-l2", "pci-dss-4");
    assertThat(c.checks()).hasSizeGreaterThan(350);
    for (CheckDef d : c.checks().values()) {
      assertThat(d.title()).as(d.id()).isNotBlank();
      assertThat(d.rationale()).as(d.id()).isNotBlank();
      assertThat(d.remediation()).as(d.id()).isNotBlank();
    }
  }

  @Test
  void loadBuiltin_everyProfileMapsEverySelectedCheckToAControl() {
    Content c = Content.builtin();
    for (ProfileDef p : c.profiles().values()) {
      for (CheckDef d : c.selected(p)) {
        assertThat(p.controlsFor(d)).as(p.id() + " " + d.id()).isNotEmpty();
      }
    }
  }

  @Test
  void loadBuiltin_profileCounts() {
    Content c = Content.builtin();
    assertThat(c.selected(c.profile("kspp").orElseThrow())).hasSize(352);
    assertThat(c.selected(c.profile("ai-host").orElseThrow())).hasSizeGreaterThan(200);
    Set<String> ids = new HashSet<>();
    c.selected(c.profile("cmmc-l2").orElseThrow()).forEach(d -> ids.add(d.id()));
    assertThat(ids).contains("fips.enabled", "audit.enabled-at-boot", "kconfig.DECNET", "sysctl.kernel.kptr_restrict");
  }

  @Test
  void addChecks_schemaViolation_reportsFileLineColumnAndCaret() {
    String yaml = """
        defaults:
          kind: kconfig
        checks:
          - id: kconfig.OK
            severity: medium
            rationale: r
            test: {kconfig: OK, expect: 'y'}
          - id: kconfig.BAD
            severity: urgent
            rationale: r
            test: {kconfig: BAD, expect: 'y'}
        """;
    assertThatThrownBy(() -> new ContentLoader(true).addChecks("bad.yaml", yaml).finish())
        .isInstanceOf(DiagnosticException.class)
        .hasMessageContaining("ERROR: bad.yaml:9:")
        .hasMessageContaining("[SCHEMA]")
        .hasMessageContaining("severity: urgent")
        .hasMessageContaining("^");
  }

  @Test
  void addChecks_unknownTestKind_isSchemaError() {
    String yaml = "checks:\n  - id: x.y\n    kind: file\n    severity: low\n    rationale: r\n    test: {registry: HKLM}\n";
    assertThatThrownBy(() -> new ContentLoader(true).addChecks("k.yaml", yaml).finish())
        .isInstanceOf(DiagnosticException.class).hasMessageContaining("ERROR: k.yaml:6:");
  }

  @Test
  void addChecks_yamlSyntaxError_isLocated() {
    assertThatThrownBy(() -> new ContentLoader(true).addChecks("s.yaml", "checks:\n  - id: [unclosed\n").finish())
        .isInstanceOf(DiagnosticException.class).hasMessageContaining("ERROR: s.yaml:").hasMessageContaining("[YAML]");
  }

  @Test
  void addChecks_duplicateId_isReported() {
    String one = "checks:\n  - {id: kconfig.A, kind: kconfig, severity: low, rationale: r, test: {kconfig: A, expect: 'y'}}\n";
    assertThatThrownBy(() -> new ContentLoader(false).addChecks("a.yaml", one).addChecks("b.yaml", one).finish())
        .isInstanceOf(DiagnosticException.class).hasMessageContaining("ERROR: b.yaml:2:").hasMessageContaining("DUPLICATE_ID");
  }

  @Test
  void addProfile_unknownCheck_isReportedAtItsLine() {
    String checks = "checks:\n  - {id: kconfig.A, kind: kconfig, severity: low, rationale: r, test: {kconfig: A, expect: 'y'}}\n";
    String profile = "id: p\ntitle: P\nframework: F\ninclude:\n  ids:\n    - kconfig.A\n    - kconfig.MISSING\n";
    assertThatThrownBy(() -> new ContentLoader(true).addChecks("c.yaml", checks).addProfile("p.yaml", profile).finish())
        .isInstanceOf(DiagnosticException.class).hasMessageContaining("ERROR: p.yaml:7:").hasMessageContaining("UNKNOWN_CHECK");
  }

  @Test
  void addChecks_defaultsMergedAndTitleDerived() {
    String yaml = "defaults:\n  kind: sysctl\n  severity: high\n  rationale: because\n  tags: [t]\n"
        + "checks:\n  - {id: sysctl.a.b, test: {sysctl: a.b, expect: '1'}}\n";
    CheckDef d = new ContentLoader(true).addChecks("d.yaml", yaml).finish().checks().get("sysctl.a.b");
    assertThat(d.severity()).isEqualTo(AlertSeverity.HIGH);
    assertThat(d.title()).isEqualTo("Sysctl: a.b=1");
    assertThat(d.tags()).contains("t", "kind:sysctl");
    assertThat(d.remediation()).contains("/etc/sysctl.d/");
  }
}
