package dev.aiaudit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir} / {@code --journal}: where a command reads the journal (a picocli mixin). */
final class JournalDirOptions {

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./ai-audit-data",
      description = "Data directory; the journal is <DIR>/journal (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--journal", paramLabel = "DIR", description = "The journal directory itself (overrides --data-dir).")
  Path journal;

  /** The journal directory: {@code --journal}, else {@code <data dir>/journal}. */
  Path dir() {
    return journal != null ? journal : dataDir.resolve("journal");
  }

  /** Whether {@code --journal} was given. */
  boolean journalGiven() {
    return journal != null;
  }
}
