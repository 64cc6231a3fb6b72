package dev.aiaudit.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.export.cursor.CursorFile;
import dev.aiaudit.export.syslog.SyslogReceiver;
import dev.aiaudit.model.RecordedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL of the exporting process mid-export: the restart delivers the rest; duplicates carry the same seq and hash. */
class KillDuringExportTest {
  @TempDir Path dir;

  private Process child(Path journal, Path cursor, int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), ExportChild.class.getName(),
        journal.toString(), cursor.toString(), Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
  }

  @Test
  void sigkillMidExport_restartDeliversTheRest() throws Exception {
    Path journal = dir.resolve("journal");
    Map<Long, String> hashes;
    try (JournalSource src = new JournalSource(journal)) {
      List<RecordedEvent> written = src.append(4000);
      assertThat(written).hasSize(4000);
      hashes = src.hashes();
    }
    Path cursor = dir.resolve("export/child.cursor");
    try (SyslogReceiver rx = SyslogReceiver.tcp(0)) {
      Process first = child(journal, cursor, rx.port());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (rx.messages().size() < 300 && first.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      first.destroyForcibly(); // SIGKILL on Linux
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(first.exitValue()).as("killed, not finished: " + Files.readString(dir.resolve("child.log"))).isEqualTo(137);
      int beforeRestart = rx.messages().size();
      CursorFile.Position at = new CursorFile(cursor).load();
      assertThat(at.seq()).isLessThan(4000);
      if (at.seq() > 0) {
        assertThat(at.hash()).isEqualTo(hashes.get(at.seq()));
      }

      Process second = child(journal, cursor, rx.port());
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
      assertThat(rx.await(4000, Duration.ofSeconds(30))).isTrue();
      assertThat(rx.errors()).isEmpty();
      Map<Long, Integer> copies = new TreeMap<>();
      for (SyslogReceiver.Message m : rx.messages()) {
        copies.merge(m.seq(), 1, Integer::sum);
        assertThat(m.params().get("hash")).isEqualTo(hashes.get(m.seq()));
      }
      assertThat(copies.keySet()).as("every record arrived").containsExactlyElementsOf(hashes.keySet());
      assertThat(copies.values()).allSatisfy(n -> assertThat(n).isBetween(1, 2));
      // duplicates are exactly what was sent after the last stored cursor and before the kill
      copies.forEach((seq, n) -> {
        if (n == 2) {
          assertThat(seq).isGreaterThan(at.seq());
        }
      });
      assertThat(beforeRestart).as("the first process was killed mid-export").isLessThan(4000);
    }
  }
}
