package dev.aiaudit.cli;

import dev.aiaudit.cli.wiring.StoreCatchUp;
import dev.aiaudit.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ai-audit reindex}: rebuilds the DuckDB store from the journal, the system of record. */
@Command(name = "reindex", mixinStandardHelpOptions = true,
    description = "Rebuild the DuckDB query index from the journal (stop 'watch' first).")
public final class ReindexCommand implements Callable<Integer> {

  @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR", description = "data directory (default ./ai-audit-data)")
  Path dataDir = Path.of("ai-audit-data");

  @Override
  public Integer call() {
    Path journal = dataDir.resolve("journal");
    if (!Files.isDirectory(journal)) {
      System.err.println("ai-audit: no journal at " + journal.toAbsolutePath());
      return 2;
    }
    long t0 = System.nanoTime();
    try (EventStore store = EventStore.openDuckDb(dataDir.resolve("events.duckdb"))) {
      store.clear();
      long n = StoreCatchUp.replay(journal, store, 1);
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("reindexed %d records from %s in %.2f s (%.0f records/s)%n", n, journal, s, n / Math.max(s, 1e-9));
      return 0;
    } catch (RuntimeException e) {
      System.err.println("ai-audit: reindex failed: " + e.getMessage());
      return 2;
    }
  }
}
