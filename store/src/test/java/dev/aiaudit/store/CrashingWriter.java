package dev.aiaudit.store;

import java.nio.file.Path;

/** Child process for {@link EventStoreOpenTest}: commits 100 records, buffers 50 more, then dies without closing. */
public final class CrashingWriter {
  private CrashingWriter() {}

  public static void main(String[] args) {
    EventStore store = EventStore.openDuckDb(Path.of(args[0]));
    store.insert(StoreFixtures.records(1, 100));
    store.flush();
    store.insert(StoreFixtures.records(101, 50)); // buffered in the Appender, not committed
    Runtime.getRuntime().halt(0);
  }
}
