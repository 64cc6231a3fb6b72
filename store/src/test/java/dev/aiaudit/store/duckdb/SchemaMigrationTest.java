package dev.aiaudit.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A version-1 store written before the process-launch columns existed gets them, additively, on its first read-write open. */
class SchemaMigrationTest {

  @Test
  void oldStore_readOnlyIsRefusedWithAHint_readWriteAddsTheColumnsAndKeepsTheRows(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.duckdb");
    String oldDdl = Schema.CREATE_EVENTS.substring(0, Schema.CREATE_EVENTS.indexOf(",\n  attribution")) + "\n)";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
      s.execute(Schema.CREATE_META);
      s.execute("INSERT INTO store_meta VALUES ('schema_version', '1')");
      s.execute(oldDdl);
      s.execute("INSERT INTO events (seq, hash, time, end_time, host, class_uid, activity, count, message) VALUES"
          + " (1, '\\x00'::BLOB, make_timestamp_ns(5), make_timestamp_ns(5), 'h', 1008, 'sensor_started', 0, 'm')");
    }
    assertThatThrownBy(() -> EventStore.openDuckDbReadOnly(file)).hasMessageContaining("lacks the columns attribution, attribution_reason, parent_exe, parent_cmdline, cwd, mount_ns");
    try (EventStore store = EventStore.openDuckDb(file)) {
      assertThat(store.query(EventQuery.all())).hasSize(1);
    }
    try (EventStore store = EventStore.openDuckDbReadOnly(file)) {
      assertThat(store.query(EventQuery.all())).hasSize(1);
    }
  }
}
