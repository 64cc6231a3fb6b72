package dev.aiaudit.model.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one position-tracking reader and the one diagnostic layout. */
class SourceTreeTest {
  private static final String YAML = "a:\n  b: [1, 2.50, x]\n  'c/d': {e: true}\n";

  @Test
  void yaml_membersLocatedAtTheirKey_elementsAtTheirValue() {
    SourceTree t = SourceTree.parse("f.yaml", YAML, SourceTree.Options.yaml("YAML"));
    assertThat(t.position("/a/b")).containsExactly(2, 3);
    assertThat(t.position("/a/b/2")).containsExactly(2, 16);
    assertThat(t.position("/a/c~1d/e")).containsExactly(3, 11);
    assertThat(t.position("/a/b/9")).containsExactly(2, 3); // nearest located ancestor
    assertThat(t.root().at("/a/b/1").isDouble()).isTrue();
  }

  @Test
  void exactNumbers_keepDecimalsAsWritten_jsonPathStyle() {
    SourceTree t = SourceTree.parse("f.yaml", YAML,
        SourceTree.Options.yaml("YAML").withExactNumbers().withStyle(SourceTree.PathStyle.JSON_PATH, true));
    assertThat(t.root().at("/a/b/1").asText()).isEqualTo("2.50");
    assertThat(t.position("$.a['c/d'].e")).containsExactly(3, 11);
    assertThat(t.error("X1", "$.a.b[0]", "bad").format())
        .isEqualTo("ERROR: f.yaml:2:7: bad (at $.a.b[0]) [X1]\n |   b: [1, 2.50, x]\n |       ^");
  }

  @Test
  void syntaxError_isDiagnosticWithCaret() {
    assertThatThrownBy(() -> SourceTree.parse("bad.yaml", "kind: Pod\n  x: [\n", SourceTree.Options.yaml("YAML")))
        .isInstanceOf(DiagnosticException.class)
        .hasMessageStartingWith("ERROR: bad.yaml:2:4: not valid YAML: mapping values are not allowed here [YAML]\n |   x: [");
  }

  @Test
  void hugeYamlLine_refusedBeforeParsing_excerptBounded() {
    String line = "k: " + "x".repeat(SourceTree.MAX_YAML_LINE_CHARS) + "\u001b";
    assertThatThrownBy(() -> SourceTree.parse("h.yaml", "a: 1\n" + line, SourceTree.Options.yaml("YAML")))
        .isInstanceOfSatisfying(DiagnosticException.class, e -> {
          Diagnostic d = e.diagnostics().getFirst();
          assertThat(d.line()).isEqualTo(2);
          assertThat(d.format().lines().toList()).hasSize(3).allMatch(l -> l.length() < 400);
        });
  }

  @Test
  void emptyDocument_isMissingRoot() {
    assertThat(SourceTree.parse("e.yaml", "# only a comment\n", SourceTree.Options.yaml("YAML")).root().isMissingNode()).isTrue();
  }

  @Test
  void diagnostic_withoutPosition_controlCharactersEscaped() {
    Diagnostic d = Diagnostic.warning("W", "a\u001bb", 0, 0, "m\u0007");
    assertThat(d.format()).isEqualTo("WARNING: a\\x1bb: m\\x07 [W]");
  }
}
