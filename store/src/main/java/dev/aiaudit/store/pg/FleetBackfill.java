package dev.aiaudit.store.pg;

import dev.aiaudit.model.EventCodec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Fills the query columns (migration 2) of records stored before they existed, from each record's JSON, in
 * transactions of {@link #BATCH} rows. A row whose JSON cannot be decoded keeps NULL columns and is counted.
 */
final class FleetBackfill {
  static final int BATCH = 2000;

  private FleetBackfill() {}

  /** Returns {filled, undecodable}. */
  static long[] run(Connection c) throws SQLException {
    long filled = 0;
    long bad = 0;
    long afterHostSeq = -1;
    String afterHost = "";
    String update = "UPDATE fleet_events SET " + FleetColumns.NAMES.replace(", ", " = ?, ") + " = ? WHERE host = ? AND seq = ?";
    while (true) {
      int n = 0;
      try (PreparedStatement sel = c.prepareStatement("SELECT host, seq, record::text FROM fleet_events WHERE end_ns IS NULL"
          + " AND (host, seq) > (?, ?) ORDER BY host, seq LIMIT " + BATCH);
          PreparedStatement up = c.prepareStatement(update)) {
        sel.setString(1, afterHost);
        sel.setLong(2, afterHostSeq);
        try (ResultSet rs = sel.executeQuery()) {
          while (rs.next()) {
            n++;
            afterHost = rs.getString(1);
            afterHostSeq = rs.getLong(2);
            Object[] v;
            try {
              v = FleetColumns.of(EventCodec.decode(rs.getString(3).getBytes(StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
              bad++;
              continue;
            }
            for (int i = 0; i < v.length; i++) {
              up.setObject(i + 1, v[i]);
            }
            up.setString(v.length + 1, afterHost);
            up.setLong(v.length + 2, afterHostSeq);
            up.addBatch();
            filled++;
          }
        }
        up.executeBatch();
      }
      c.commit();
      if (n < BATCH) {
        return new long[] {filled, bad};
      }
    }
  }
}
