package dev.aiaudit.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.detect.rules.CompiledRule;
import dev.aiaudit.detect.rules.ExampleEvents;
import dev.aiaudit.detect.rules.LoadResult;
import dev.aiaudit.detect.rules.RuleLoader;
import dev.aiaudit.detect.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sigma import on our own Sigma-format examples: every supported modifier and condition form, and refusals. */
class SigmaImporterTest {
  @TempDir Path dir;

  private static final String HEAD = """
      title: %s
      id: %s
      level: high
      tags: [attack.t1005, attack.collection]
      logsource: {product: linux, category: %s}
      detection:
      """;

  private static String rule(String title, String id, String category, String detection) {
    return HEAD.formatted(title, id, category) + detection.indent(2);
  }

  /** Loads the converted file and tells whether rule {@code id} fires on the example record. */
  private boolean fires(SigmaImporter.Result r, String id, Map<String, Object> example) throws Exception {
    Path f = dir.resolve("out-" + System.nanoTime() + ".yaml");
    Files.writeString(f, r.ruleFile());
    LoadResult l = RuleLoader.load(false, List.of(f));
    assertThat(l.ok()).as(l.render()).isTrue();
    RuleSet set = l.ruleSet();
    List<CompiledRule> hits = set.newEvaluator().evaluate(ExampleEvents.toEvent(example));
    return hits.stream().anyMatch(c -> c.id().equals(id));
  }

  @Test
  void convert_modifiersAndWildcards_matchWhatSigmaMeans() throws Exception {
    String text = rule("weights copied", "w-1", "file_access", """
        sel_path:
          TargetFilename|endswith: ['.safetensors', '.gguf']
        sel_tool:
          Image|endswith: /cp
          CommandLine|contains|all: ['--sparse', 'never']
        filter:
          User: backup
        condition: sel_path and (1 of sel_tool*) and not filter
        """);
    SigmaImporter.Result r = SigmaImporter.convert("w.yml", text);
    assertThat(r.skipped()).isEmpty();
    assertThat(r.converted()).singleElement().satisfies(c -> assertThat(c.yaml()).contains("tags: [\"T1005\", \"attack.collection\"]"));
    Map<String, Object> base = Map.of("activity", "read", "file.path", "/models/a.safetensors", "proc.exe", "/usr/bin/cp",
        "proc.cmdline", "cp --sparse=never a b", "proc.user", "alice");
    assertThat(fires(r, "sigma-w-1", base)).isTrue();
    assertThat(fires(r, "sigma-w-1", with(base, "proc.user", "backup"))).isFalse(); // not filter
    assertThat(fires(r, "sigma-w-1", with(base, "proc.cmdline", "cp --sparse a b"))).isFalse(); // |all
    assertThat(fires(r, "sigma-w-1", with(base, "file.path", "/models/a.txt"))).isFalse();
    assertThat(fires(r, "sigma-w-1", with(base, "activity", "modify"))).isFalse(); // file_access: open/read only
  }

  @Test
  void convert_startswithReExistsWildcardAllOfThem() throws Exception {
    String text = rule("tmp writes", "w-2", "file_event", """
        a:
          TargetFilename|startswith: /tmp/
        b:
          TargetFilename|re: '.*\\.(pt|pth)$'
        c:
          Image|exists: true
        d:
          Image: '/usr/*/python?'
        condition: all of them
        """);
    SigmaImporter.Result r = SigmaImporter.convert("w.yml", text);
    assertThat(r.skipped()).isEmpty();
    Map<String, Object> ok = Map.of("activity", "modify", "file.path", "/tmp/x.pt", "proc.exe", "/usr/bin/python3");
    assertThat(fires(r, "sigma-w-2", ok)).isTrue();
    assertThat(fires(r, "sigma-w-2", with(ok, "proc.exe", "/usr/bin/python3x"))).isFalse(); // ? is one character
    assertThat(fires(r, "sigma-w-2", with(ok, "file.path", "/tmp/x.pts"))).isFalse();
    assertThat(fires(r, "sigma-w-2", with(ok, "file.path", "/var/x.pt"))).isFalse();
  }

  @Test
  void convert_base64AndBase64offset_findTheValueInsideEncodedText() throws Exception {
    String text = rule("encoded", "w-3", "file_event", """
        b64:
          CommandLine|base64: secret
        b64off:
          CommandLine|base64offset|contains: steal
        condition: b64 or b64off
        """);
    SigmaImporter.Result r = SigmaImporter.convert("w.yml", text);
    assertThat(r.skipped()).isEmpty();
    String exact = Base64.getEncoder().encodeToString("secret".getBytes(StandardCharsets.UTF_8));
    assertThat(fires(r, "sigma-w-3", Map.of("activity", "modify", "file.path", "/m/a.pt", "proc.cmdline", exact))).isTrue();
    for (String prefix : List.of("", "x", "xy", "xyz")) { // every alignment of the value in the encoded text
      String enc = Base64.getEncoder().encodeToString((prefix + "steal" + "!!").getBytes(StandardCharsets.UTF_8));
      assertThat(fires(r, "sigma-w-3", Map.of("activity", "modify", "file.path", "/m/a.pt", "proc.cmdline", "echo " + enc)))
          .as("offset %d", prefix.length()).isTrue();
    }
    assertThat(fires(r, "sigma-w-3", Map.of("activity", "modify", "file.path", "/m/a.pt", "proc.cmdline",
        Base64.getEncoder().encodeToString("harmless".getBytes(StandardCharsets.UTF_8))))).isFalse();
  }

  @Test
  void convert_processCreationWithWindashAndListOfMaps_compiles() {
    String text = rule("gpu recon", "p-1", "process_creation", """
        selection:
          - Image|endswith: /nvidia-smi
          - ParentImage|endswith: /sh
            ParentCommandLine|contains: nvidia
        opts:
          CommandLine|windash|contains: ' -q '
        cwd:
          CurrentDirectory: /tmp
        condition: selection and (opts or not cwd)
        """);
    SigmaImporter.Result r = SigmaImporter.convert("p.yml", text);
    assertThat(r.skipped()).isEmpty();
    String yaml = r.converted().getFirst().yaml();
    assertThat(yaml).contains("class == \\\"process\\\"", "proc.parent_exe.endsWith", "proc.cwd == ",
        "proc.cmdline.contains(\\\" /q \\\")", "proc.cmdline.contains(\\\" \u2013q \\\")");
  }

  @Test
  void convert_unsupported_isReportedWithReasonAndCounted() {
    String text = String.join("---\n",
        rule("net", "u-1", "network_connection", "sel: {DestinationIp: 1.2.3.4}\ncondition: sel\n"),
        rule("cidr", "u-2", "file_event", "sel: {TargetFilename|cidr: 10.0.0.0/8}\ncondition: sel\n"),
        rule("field", "u-3", "file_event", "sel: {Hashes: abc}\ncondition: sel\n"),
        rule("agg", "u-4", "file_event", "sel: {TargetFilename: /x}\ncondition: sel | count() > 5\n"),
        rule("kw", "u-5", "file_event", "keywords: [evil, worse]\ncondition: keywords\n"),
        "title: windows\nlogsource: {product: windows, category: file_event}\ndetection: {s: {TargetFilename: x}, condition: s}\n",
        rule("ok", "u-7", "file_event", "sel: {TargetFilename: /x}\ncondition: sel\n"),
        rule("badre", "u-8", "file_event", "sel: {TargetFilename|re: '(unclosed'}\ncondition: sel\n"),
        rule("unknown ident", "u-9", "file_event", "sel: {TargetFilename: /x}\ncondition: sel and other\n"));
    SigmaImporter.Result r = SigmaImporter.convert("mixed.yml", text);
    assertThat(r.converted()).extracting(SigmaImporter.Converted::id).containsExactly("sigma-u-7");
    assertThat(r.skipped()).extracting(SigmaImporter.Skipped::reason).containsExactly(
        "unsupported logsource category 'network_connection' (file_event, file_access, process_creation)",
        "unsupported modifier 'cidr'",
        "unsupported field 'Hashes'",
        "aggregation in condition ('|') is not supported",
        "keyword search 'keywords' (values without a field) is not supported",
        "unsupported logsource product 'windows' (linux only)",
        "invalid regular expression '(unclosed': missing closing )",
        "condition names unknown search identifier 'other'");
    assertThat(r.summary()).isEqualTo("sigma import: converted 1, skipped 8 (aggregation in condition ('|') is not supported: 1;"
        + " condition names unknown search identifier: 1; invalid regular expression: 1; keyword search: 1; unsupported field: 1;"
        + " unsupported logsource category: 1; unsupported logsource product: 1; unsupported modifier: 1)");
  }

  @Test
  void base64Offsets_eachVariantAppearsInTheEncodingAtItsOffset() {
    List<String> v = SigmaSelection.base64Offsets("steal");
    for (int i = 0; i < 3; i++) {
      String enc = Base64.getEncoder().encodeToString(("ab".substring(0, i) + "steal").getBytes(StandardCharsets.UTF_8));
      assertThat(enc).contains(v.get(i));
    }
  }

  private static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
    var c = new java.util.HashMap<>(m);
    c.put(k, v);
    return c;
  }
}
