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
 * {@code ai-audit scan} on hostile input files: special files (devices, a FIFO), oversized files, binary
 * content with terminal escapes. Each gives one escaped line and exit 2, never a hang, a stack trace or 1.
 */
class ScanHostileInputTest extends CapturedStdio {
  @TempDir Path dir;
  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private int scan(String flag, Path file) {
    return Main.run("scan", "--root", dir.toString(), "-p", "kspp", flag, file.toString());
  }

  @Test
  void devZeroAndUrandom_refusedAsDevices() {
    assertThat(scan("--kconfig", Path.of("/dev/zero"))).isEqualTo(2);
    assertThat(scan("--sysctl", Path.of("/dev/zero"))).isEqualTo(2);
    assertThat(scan("--cmdline", Path.of("/dev/urandom"))).isEqualTo(2);

    assertThat(err()).isEqualTo("""
        ai-audit scan: --kconfig: /dev/zero: not a regular file (a character device)
        ai-audit scan: --sysctl: /dev/zero: not a regular file (a character device)
        ai-audit scan: --cmdline: /dev/urandom: not a regular file (a character device)
        """);
  }

  @Test
  void fifo_refusedWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("kconfig.fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

    assertThat(scan("--kconfig", fifo)).isEqualTo(2);

    assertThat(err()).isEqualTo("ai-audit scan: --kconfig: " + fifo + ": not a regular file (a FIFO)\n");
  }

  @Test
  void hundredMegabyteFile_refusedBeforeReading() throws IOException {
    Path big = dir.resolve("big.config");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(100L * 1024 * 1024);
    }

    assertThat(scan("--kconfig", big)).isEqualTo(2);

    assertThat(err()).isEqualTo("ai-audit scan: --kconfig: " + big + ": too large: 104857600 bytes (limit 16777216)\n");
  }

  @Test
  void binaryKconfig_errorEscapedAndCapped() throws IOException {
    Path k = dir.resolve("k.config");
    String evil = "\u001b]0;owned\u0007\u001b[2J" + "A".repeat(5000);
    Files.writeString(k, "CONFIG_A=y\n  " + evil + "\n");

    assertThat(scan("--kconfig", k)).isEqualTo(2);

    String line = err();
    assertThat(line).doesNotContain("\u001b").doesNotContain("\u0007").endsWith("\n");
    assertThat(line.strip().lines()).hasSize(1);
    assertThat(line).isEqualTo("ai-audit scan: --kconfig: " + k + ":2:3: unexpected line in kernel config: "
        + "\\x1b]0;owned\\x07\\x1b[2J" + "A".repeat(200 - 14) + "…\n"); // 200 characters of the line, 14 of them escaped
  }

  @Test
  void gzipBomb_refusedOnceDecompressedOverTheLimit() throws IOException {
    Path gz = dir.resolve("config.gz");
    try (var o = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 20; i++) {
        o.write(zeros);
      }
    }

    assertThat(scan("--kconfig", gz)).isEqualTo(2);

    assertThat(err()).isEqualTo("ai-audit scan: --kconfig: " + gz + ": too large once decompressed: over 16777216 bytes\n");
  }
}
