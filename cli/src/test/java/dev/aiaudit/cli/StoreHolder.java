package dev.aiaudit.cli;

import dev.aiaudit.store.EventStore;
import dev.aiaudit.store.duckdb.DuckDbEventStore;
import java.nio.file.Path;

/** Child process for {@link QueryCommandTest}: holds an index open for writing, as a running agent, until stdin closes. */
public final class StoreHolder {
  private StoreHolder() {}

  public static void main(String[] args) throws Exception {
    try (EventStore store = EventStore.openDuckDb(Path.of(args[0]))) {
      ((DuckDbEventStore) store).checkpoint();
      System.out.println("holding");
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the parent closes our stdin
      }
    }
  }
}
