package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input at start of {@code watch} (export section) and {@code serve}: one clear line, exit 2. */
class ExportCommandsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedErr;

  @BeforeEach
  void captureErr() {
    savedErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreErr() {
    System.setErr(savedErr);
  }

  @Test
  void watch_badSinkConfig_isAnErrorWithFileLineColumn_beforeAnythingStarts() throws Exception {
    Path cfg = dir.resolve("ai-audit.yaml");
    Files.writeString(cfg, "data_dir: " + dir.resolve("data") + "\nexport:\n  sinks:\n    - name: siem\n      type: syslog\n"
        + "      protocol: tls\n      address: 127.0.0.1:6514\n      ca: " + dir.resolve("missing.pem") + "\n");
    assertThat(Main.run("watch", "-c", cfg.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("ERROR: " + cfg + ":8:").contains("certificate file", "missing.pem", "does not exist");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void serve_badStoreUrl_andUnreachablePostgres_exitTwoWithTheReason() throws Exception {
    assertThat(Main.run("serve", "--bootstrap", "127.0.0.1:9", "--store", "mysql://db/x")).isEqualTo(2);
    assertThat(err.toString()).contains("ai-audit serve: --store: 'mysql://db/x' is not a postgresql:// URL");
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    err.reset();
    assertThat(Main.run("serve", "--bootstrap", "127.0.0.1:9", "--store", "postgresql://postgres@127.0.0.1:" + closed + "/fleet")).isEqualTo(2);
    assertThat(err.toString()).startsWith("ai-audit serve: cannot open the PostgreSQL store:");
  }
}
