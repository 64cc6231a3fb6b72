package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The picocli-free start path of {@code scan} sets exactly the options picocli would (defaults included), and hands
 * everything it does not handle in the plain form back to picocli.
 */
class ScanFastPathTest extends CapturedStdio {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "-p kspp --kconfig k.config -f json -o out.json",
      "--profile=kspp -p ai-host --check cmdline.nokaslr --check kconfig.BUG --fail-on high",
      "--root /mnt/img --cmdline c --sysctl s --format oscal --output o --data-dir d",
      "--kconfig=a.config --format=junit"})
  void parse_plainOptions_sameFieldsAsPicocli(String line) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");
    ScanCommand fast = ScanFastPath.parse(args);
    ScanCommand pico = new ScanCommand();
    new CommandLine(pico).parseArgs(args);
    assertThat(fast).isNotNull();
    assertThat(describe(fast)).isEqualTo(describe(pico));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "-V", "--list-profiles", "--list-checks -p kspp", "--kconfig", "-p",
      "--kconfig a --kconfig b", "-f json -f text", "--nope x", "-pkspp", "--kconfig -p", "--kconfig= x"})
  void parse_anythingElse_leftToPicocli(String line) {
    assertThat(ScanFastPath.parse(line.split(" "))).isNull();
  }

  @Test
  void run_sameExitAndOutputOnBothPaths() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path cmdline = Files.writeString(dir.resolve("cmdline"), "nokaslr\n");
    String[] args = {"scan", "--root", root.toString(), "-p", "kspp", "--check", "cmdline.nokaslr", "--cmdline",
        cmdline.toString(), "-f", "json"};
    int fastRc = Main.run(args);
    String fastOut = out.toString(StandardCharsets.UTF_8);
    out.reset();
    CommandLine cl = new CommandLine(new ScanCommand());
    int picoRc = cl.execute(java.util.Arrays.copyOfRange(args, 1, args.length));
    String picoOut = out.toString(StandardCharsets.UTF_8);
    assertThat(fastRc).isEqualTo(picoRc).isEqualTo(1);
    assertThat(strip(fastOut)).isEqualTo(strip(picoOut)).contains("cmdline.nokaslr");
    out.reset();
    assertThat(Main.run("scan", "--kconfig", "a", "--kconfig", "b")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("should be specified only once");
  }

  /** The JSON report minus its timing fields. */
  private static String strip(String json) {
    return json.replaceAll("\"(startedAt|elapsedMs|elapsed|start|end)\"\\s*:\\s*\"?[^,}\"]*\"?", "");
  }

  private static String describe(ScanCommand c) {
    return String.join("|", Objects.toString(c.profiles), Objects.toString(c.checks), Objects.toString(c.root),
        Objects.toString(c.kconfig), Objects.toString(c.cmdline), Objects.toString(c.sysctl), c.format,
        Objects.toString(c.output), c.failOn, Objects.toString(c.dataDir), String.valueOf(c.listProfiles),
        String.valueOf(c.listChecks));
  }
}
