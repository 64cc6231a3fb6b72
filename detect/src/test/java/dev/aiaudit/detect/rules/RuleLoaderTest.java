package dev.aiaudit.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.text.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading user rule files: errors named file:line:col with the CEL message, every match fires, exceptions. */
class RuleLoaderTest {

  private static FileEvent read(String exe, String path) {
    ProcessInfo p = new ProcessInfo(7, 1, 1000, "alice", exe, exe, 1L, null, null, null);
    return FileEvent.of(10L, "h", FileActivity.READ, p, path, AssetKind.MODEL_WEIGHTS, "fanotify");
  }

  private static Path write(Path dir, String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  @Test
  void load_undeclaredField_namesFileLineColumnRuleAndCelError(@TempDir Path dir) throws Exception {
    Path f = write(dir, "bad.yaml", """
        rules:
          - id: typo
            title: t
            severity: low
            condition: class == "file" && file.pth == "/x"
        """);
    LoadResult r = RuleLoader.load(false, List.of(f));
    assertThat(r.ok()).isFalse();
    assertThat(r.ruleSet()).isNull();
    assertThat(r.render()).isEqualTo(
        "ERROR: " + f + ":5:35: rule typo: undeclared reference to 'file' (in container '') [COMPILE_CONDITION]\n"
        + " |     condition: class == \"file\" && file.pth == \"/x\"\n"
        + " |                                   ^");
    assertThat(r.errors().getFirst().code()).isEqualTo(RuleCode.COMPILE_CONDITION.name());
  }

  @Test
  void load_typeErrorInBlockScalar_pointsIntoTheRightLine(@TempDir Path dir) throws Exception {
    Path f = write(dir, "bad.yaml", """
        rules:
          - id: types
            title: t
            severity: low
            condition: |
              class == "file"
                && proc.pid == "7"
        """);
    LoadResult r = RuleLoader.load(false, List.of(f));
    assertThat(r.errors()).hasSize(1);
    Diagnostic d = r.errors().getFirst();
    assertThat(d.headline()).startsWith("ERROR: " + f + ":7:21: rule types: found no matching overload for '_==_' applied to"
        + " '(int, string)'");
    assertThat(d.sourceLine()).isEqualTo("        && proc.pid == \"7\"");
    assertThat(d.format()).endsWith("\n | " + " ".repeat(20) + "^");
  }

  @Test
  void load_schemaProblems_areAllReported(@TempDir Path dir) throws Exception {
    Path f = write(dir, "bad.yaml", """
        rules:
          - id: a
            title: t
            severity: urgent
            condition: "true"
            colour: red
          - id: a2
            title: t
            severity: low
            condition: "1 + 1"
        """);
    LoadResult r = RuleLoader.load(false, List.of(f));
    assertThat(r.errors()).extracting(Diagnostic::headline).containsExactly(
        "ERROR: " + f + ":6:5: rule: unknown key 'colour' (expected condition, description, enabled, examples,"
            + " exceptions, group_by, id, severity, tags, throttle, title) [SCHEMA]",
        "ERROR: " + f + ":4:15: rule a: unknown severity 'urgent' (expected info, low, medium, high or critical) [SCHEMA]",
        "ERROR: " + f + ":10:16: rule a2: condition must be a boolean, this one is int [COMPILE_CONDITION]");
  }

  @Test
  void load_controlCharactersInAFile_areEscapedInTheMessage(@TempDir Path dir) throws Exception {
    Path f = write(dir, "bad.yaml", "rules:\n  - id: x\n    title: t\n    severity: low\n    condition: \"a\\u001b[31m == 1\"\n");
    LoadResult r = RuleLoader.load(false, List.of(f));
    assertThat(r.ok()).isFalse();
    assertThat(r.render()).doesNotContain("\u001b").contains("\\x1b");
  }

  @Test
  void evaluate_everyMatchingRuleFires_andExceptionsSuppress(@TempDir Path dir) throws Exception {
    Path f = write(dir, "r.yaml", """
        lists:
          copiers: [cp, rsync]
        macros:
          w: class == "file" && file.asset == "model_weights"
        rules:
          - id: one
            title: any weights read
            severity: low
            condition: w
          - id: two
            title: copier
            severity: high
            condition: w && proc.name in copiers
            exceptions:
              - name: backup
                fields: [proc.name, file.dir]
                comps: [=, startswith]
                values: [[rsync, /models/backup]]
          - id: three
            title: disabled
            severity: high
            condition: w
            enabled: false
        """);
    LoadResult r = RuleLoader.load(false, List.of(f));
    assertThat(r.ok()).as(r.render()).isTrue();
    RuleSet.Evaluator ev = r.ruleSet().newEvaluator();
    assertThat(ev.evaluate(read("/usr/bin/cp", "/models/a.pt"))).extracting(CompiledRule::id).containsExactly("one", "two");
    assertThat(ev.evaluate(read("/usr/bin/rsync", "/models/backup/a.pt"))).extracting(CompiledRule::id).containsExactly("one");
    assertThat(ev.evaluate(read("/usr/bin/rsync", "/models/live/a.pt"))).extracting(CompiledRule::id).containsExactly("one", "two");
    assertThat(ev.evaluate(read("/usr/bin/python3", "/models/a.pt"))).extracting(CompiledRule::id).containsExactly("one");
  }

  @Test
  void load_duplicatesUnknownFieldsAndMacroCycles_areErrors(@TempDir Path dir) throws Exception {
    Path a = write(dir, "a.yaml", """
        macros:
          m1: m2 && true
          m2: m1
        rules:
          - {id: r, title: t, severity: low, condition: "true", group_by: [file.nope]}
        """);
    Path b = write(dir, "b.yaml", """
        rules:
          - {id: r, title: t, severity: low, condition: "true"}
        """);
    LoadResult r = RuleLoader.load(false, List.of(a, b));
    assertThat(r.errors()).extracting(Diagnostic::code).contains(RuleCode.DUPLICATE_ID.name(),
        RuleCode.MACRO_CYCLE.name(), RuleCode.UNKNOWN_FIELD.name());
  }

  @Test
  void load_notYamlOrMissing_isOneClearError(@TempDir Path dir) throws Exception {
    Path f = write(dir, "x.yaml", "rules: [\n  - id: a\n");
    LoadResult r = RuleLoader.load(false, List.of(f, dir.resolve("missing.yaml")));
    assertThat(r.errors()).hasSize(2);
    assertThat(r.errors().get(0).format()).isEqualTo("ERROR: " + dir.resolve("missing.yaml") + ": rule file does not exist [READ_FILE]");
    assertThat(r.errors().get(1).format()).startsWith("ERROR: " + f + ":").contains("not valid YAML");
  }
}
