package dev.aiaudit.model.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTextTest {

  @Test
  void escape_controlAndBidi_areEscaped() {
    assertThat(SafeText.escape("a\u001b[31mb\nc\u202ed\u0085")).isEqualTo("a\\x1b[31mb\\nc\\u202ed\\x85");
    assertThat(SafeText.escape("plain /path")).isEqualTo("plain /path");
  }

  @Test
  void excerpt_hugeLine_isCappedAroundColumn() {
    String line = "x".repeat(10_000_000) + "\u0007BAD" + "y".repeat(1000);
    SafeText.Excerpt e = SafeText.excerpt(line, 10_000_001, 200);
    assertThat(e.text().length()).isLessThan(220);
    assertThat(e.text()).contains("\\x07BAD").doesNotContain("\u0007");
    assertThat(e.text().substring(e.caretColumn() - 1)).startsWith("\\x07");
  }

  @Test
  void excerpt_shortLine_keepsCaret() {
    SafeText.Excerpt e = SafeText.excerpt("key:\tvalue", 6, 200);
    assertThat(e.text()).isEqualTo("key:\\tvalue");
    assertThat(e.caretColumn()).isEqualTo(7);
  }

  @Test
  void readBytes_refusesSpecialAndHugeFiles(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> InputFiles.readBytes(Path.of("/dev/zero"), 1024))
        .hasMessage("/dev/zero: not a regular file (a character device)");
    assertThatThrownBy(() -> InputFiles.readBytes(dir, 1024)).hasMessageEndingWith("not a regular file (a directory)");
    Path big = dir.resolve("big");
    Files.write(big, new byte[2048]);
    assertThatThrownBy(() -> InputFiles.readBytes(big, 1024)).hasMessageEndingWith("too large: 2048 bytes (limit 1024)");
    assertThat(InputFiles.readBytes(big, 4096)).hasSize(2048);
    assertThatThrownBy(() -> InputFiles.readBytes(dir.resolve("none"), 1024)).hasMessageEndingWith("none: no such file");
  }
}
