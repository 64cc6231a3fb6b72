package dev.aiaudit.export;

import dev.aiaudit.export.cursor.CursorFile;
import dev.aiaudit.export.syslog.Rfc5424;
import dev.aiaudit.export.syslog.SyslogProtocol;
import dev.aiaudit.export.syslog.SyslogTransport;
import java.nio.file.Path;
import java.time.Duration;

/** The agent's export side in a process of its own, so a test can SIGKILL it: exports the journal, then exits 0. */
public final class ExportChild {
  private ExportChild() {}

  public static void main(String[] args) throws Exception {
    Path journal = Path.of(args[0]);
    Path cursor = Path.of(args[1]);
    int port = Integer.parseInt(args[2]);
    try (JournalSource src = new JournalSource(journal);
        Exporter ex = Exporter.builder("child", src,
            new SyslogTransport("127.0.0.1", port, SyslogProtocol.TCP, null, new Rfc5424(13, "ai-audit", "child"), 5000),
            new CursorFile(cursor)).setMaxBatch(50).build().start()) {
      System.out.println("child: exporting from seq " + (ex.stats().ackedSeq() + 1));
      if (!ex.awaitCaughtUp(Duration.ofSeconds(120))) {
        System.exit(3);
      }
    }
    System.exit(0);
  }
}
