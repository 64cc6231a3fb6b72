package dev.aiaudit.cli;

import dev.aiaudit.cli.wiring.StoreCatchUp;
import dev.aiaudit.journal.JournalException;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ai-audit reindex}: rebuilds the DuckDB store from the journal, the system of record. The new index
 * is built in a file beside the old one ({@code events.duckdb.reindex}) and moved over it (atomic rename)
 * only once the whole journal was read; a journal that cannot be read to its end (a gap, damage) leaves
 * the old index as it was.
 */
@Command(name = "reindex", mixinStandardHelpOptions = true,
    description = "Rebuild the DuckDB query index from the journal (stop 'watch' first). The new index is built beside"
        + " the old one and replaces it only on success.")
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
    Path file = dataDir.resolve("events.duckdb");
    Path fresh = dataDir.resolve("events.duckdb.reindex");
    if (Files.exists(file)) {
      try (EventStore old = EventStore.openDuckDb(file)) {
        // only to learn that no agent holds it
      } catch (StoreException e) {
        if (e.reason() == StoreException.Reason.LOCKED) {
          System.err.println("ai-audit: reindex: " + e.getMessage());
          return 2;
        }
        // a damaged or foreign old index: the new one replaces it
      }
    }
    long t0 = System.nanoTime();
    long n;
    try {
      deleteStore(fresh);
      try (EventStore store = EventStore.openDuckDb(fresh)) {
        n = StoreCatchUp.replay(journal, store, 1);
        store.checkpoint();
      }
    } catch (JournalException | StoreException | IOException e) {
      try {
        deleteStore(fresh);
      } catch (IOException suppressed) {
        // reported below with the cause
      }
      System.err.println("ai-audit: reindex failed, the old index " + file + " is unchanged: " + e.getMessage());
      return 2;
    }
    try {
      // The old write-ahead log belongs to the old file: remove it before the new file takes the name.
      Files.deleteIfExists(dataDir.resolve("events.duckdb.wal"));
      Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      System.err.println("ai-audit: reindex: cannot move " + fresh + " over " + file + ": " + e.getMessage());
      return 2;
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("reindexed %d records from %s in %.2f s (%.0f records/s)%n", n, journal, s, n / Math.max(s, 1e-9));
    return 0;
  }

  private static void deleteStore(Path f) throws IOException {
    Files.deleteIfExists(f);
    Files.deleteIfExists(f.resolveSibling(f.getFileName() + ".wal"));
  }
}
