package dev.aiaudit.store;

import java.nio.file.Path;

/** Child process for {@link EventStoreOpenTest}: holds a store open for writing until stdin closes. */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (EventStore store = EventStore.openDuckDb(Path.of(args[0]))) {
      store.insert(StoreFixtures.records(10));
      ((dev.aiaudit.store.duckdb.DuckDbEventStore) store).checkpoint(); // as the writer does once a minute
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait until the parent closes our stdin
      }
    }
  }
}
