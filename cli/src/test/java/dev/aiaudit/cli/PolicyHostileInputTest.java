package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy commands on input that cannot be read or parsed: devices, FIFOs, oversized files, malformed
 * manifests, a huge annotation, terminal escapes. Exit 2 whatever {@code --fail-on} says, one escaped line
 * per problem with at most ~200 characters of the offending line, never a hang.
 */
class PolicyHostileInputTest extends CapturedStdio {
  @TempDir Path dir;
  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path fifo(String name) throws Exception {
    Path f = dir.resolve(name);
    assertThat(new ProcessBuilder("mkfifo", f.toString()).start().waitFor()).isZero();
    return f;
  }

  @Test
  void eval_manifestThatDoesNotParse_exit2EvenWithFailOnInfo() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "kind: Pod\n  x: [\n");

    assertThat(Main.run("policy", "eval", "--fail-on", "info", bad.toString())).isEqualTo(2);

    assertThat(err()).isEqualTo("ERROR: " + bad + ":2:4: malformed YAML document: mapping values are not allowed here"
        + " [YAML_SYNTAX]\n |   x: [\n |    ^\n"
        + "ai-audit policy eval: an input could not be read or parsed (above); no report written\n");
  }

  @Test
  void eval_specialFilesAsInputs_exit2OneLineEach() throws Exception {
    Path fifo = fifo("evidence.json");

    assertThat(Main.run("policy", "eval", "--definitions", "/dev/zero")).isEqualTo(2);
    assertThat(Main.run("policy", "eval", "--evidence", fifo.toString(), "--fail-on", "critical")).isEqualTo(2);
    assertThat(Main.run("policy", "eval", "/dev/urandom")).isEqualTo(2);
    assertThat(Main.run("policy", "eval", "--exemptions", fifo.toString())).isEqualTo(2);

    assertThat(err()).isEqualTo(
        "ERROR: /dev/zero: cannot read: not a regular file (a character device) [POL003]\n"
        + "ERROR: " + fifo + ": cannot read: not a regular file (a FIFO) [POL003]\n"
        + "ERROR: /dev/urandom:1:1: cannot read file: not a regular file (a character device) [IO]\n"
        + "ai-audit policy eval: an input could not be read or parsed (above); no report written\n"
        + "ERROR: " + fifo + ": cannot read: not a regular file (a FIFO) [POL003]\n");
  }

  @Test
  void inventory_hundredMegabyteManifestAndObservationsFifo_exit2() throws Exception {
    Path big = dir.resolve("big.yaml");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(100L * 1024 * 1024);
    }
    Path obs = fifo("obs.jsonl");

    assertThat(Main.run("policy", "inventory", big.toString())).isEqualTo(2);
    assertThat(Main.run("policy", "inventory", "--observations", obs.toString(), dir.resolve("none.yaml").toString()))
        .isEqualTo(2);

    assertThat(err()).startsWith("ERROR: " + big + ":1:1: cannot read file: too large: 104857600 bytes (limit 16777216) [IO]\n"
        + "ERROR: " + obs + ":1:1: cannot read file: not a regular file (a FIFO) [IO]\n");
  }

  @Test
  void inventory_directoryWithAFifo_skippedWithANote() throws Exception {
    Files.writeString(dir.resolve("app.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n");
    Path f = fifo("pipe.yaml");

    assertThat(Main.run("policy", "inventory", dir.toString())).isZero();

    assertThat(err()).isEqualTo("WARNING: " + f + ":1:1: not a regular file, skipped [SKIPPED]\n");
  }

  @Test
  void eval_definitionsDirectoryWithAFifo_skippedWithANote() throws Exception {
    Path defs = Files.createDirectories(dir.resolve("defs"));
    Path f = defs.resolve("p.yaml");
    assertThat(new ProcessBuilder("mkfifo", f.toString()).start().waitFor()).isZero();
    Path items = Files.writeString(dir.resolve("items.json"), "[{\"id\": \"a\", \"kind\": \"Deployment\"}]");

    int rc = Main.run("policy", "eval", "--definitions", defs.toString(), "--fail-on", "critical", items.toString());

    assertThat(rc).isZero();
    assertThat(err()).startsWith("NOTE: " + f + ": not a regular file, skipped\n");
  }

  @Test
  void hugeAnnotation_boundedQuoteAroundTheColumn() throws IOException {
    String huge = "x".repeat(10 * 1024 * 1024);
    Path m = Files.writeString(dir.resolve("huge.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
        + "  name: d\n  annotations:\n    ai-audit.io/model-name: \"" + huge + "\u001b[31m\n");

    assertThat(Main.run("policy", "inventory", m.toString())).isEqualTo(2);

    assertThat(err()).isEqualTo("ERROR: " + m + ":6:131073: line has 10485794 characters (limit 131072);"
        + " document skipped [TOO_LARGE]\n | …" + "x".repeat(200) + "…\n | " + " ".repeat(101) + "^\n");
  }

  @Test
  void escapesInAManifestError_escaped() throws IOException {
    Path m = Files.writeString(dir.resolve("esc.yaml"), "kind: \u001b]0;owned\u0007\n  bad: [\n");

    assertThat(Main.run("policy", "inventory", m.toString())).isEqualTo(2);

    assertThat(err()).doesNotContain("\u001b", "\u0007").contains("\\x1b]0;owned\\x07");
  }

  @Test
  void evalTextReport_escapesInItemIdsAndValues_printedEscaped() throws IOException {
    Path items = Files.writeString(dir.resolve("items.json"), """
        [{"id": "k8s:ai/Deployment/evil\\u001b]0;owned\\u0007\\u009b2J", "kind": "Deployment", "declared": true,
          "accelerators": {"nvidia.com/gpu": 1}, "model": {"name": "m\\u001b[31m"}, "ai": {"riskClass": "high\\u202e"}}]
        """);

    int rc = Main.run("policy", "eval", "--fail-on", "critical", items.toString());

    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(rc).isIn(0, 1);
    assertThat(report).doesNotContain("\u001b", "\u0007", "\u009b", "\u202e")
        .contains("k8s:ai/Deployment/evil\\x1b]0;owned\\x07\\x9b2J  ");
  }

  @Test
  void webhook_help_listensOnLoopbackUnlessTold() {
    assertThat(Main.run("policy", "webhook", "--help")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--bind, --host=ADDRESS", "(default 127.0.0.1:",
        "--client-ca=FILE", "--max-connections-per-ip");
  }

  @Test
  void webhook_tlsFilesThatAreDevicesOrFifos_exit2OneLine() throws Exception {
    Path fifo = fifo("ca.pem");

    assertThat(Main.run("policy", "webhook", "--annotations-only", "--tls-cert", "/dev/zero", "--tls-key", "/dev/zero",
        "--port", "0")).isEqualTo(2);
    assertThat(Main.run("policy", "webhook", "--annotations-only", "--tls-cert", "/dev/zero", "--tls-key", "/dev/zero",
        "--client-ca", fifo.toString(), "--port", "0")).isEqualTo(2);

    assertThat(err()).isEqualTo(
        "ai-audit policy webhook: /dev/zero: not a regular file (a character device)\n"
        + "ai-audit policy webhook: /dev/zero: not a regular file (a character device)\n");
  }
}
