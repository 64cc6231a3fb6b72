package dev.aiaudit.store.duckdb;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FileOrigin;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.store.EventRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;

/** Rebuilds an {@link EventRow} from a result row in {@link Schema#SELECT_COLUMNS} order. */
final class RowReader {
  private RowReader() {}

  static EventRow read(ResultSet rs) throws SQLException {
    long seq = rs.getLong(1);
    String hash = HexFormat.of().formatHex(rs.getBytes(2));
    long time = rs.getLong(3);
    long end = rs.getLong(4);
    String host = rs.getString(5);
    int classUid = rs.getInt(6);
    String activity = rs.getString(7);
    Event event;
    if (classUid == FindingEvent.CLASS_UID) {
      int arrow = activity.indexOf("->");
      event = new FindingEvent(time, host, rs.getString(9), activity.substring(0, arrow), activity.substring(arrow + 2),
          rs.getString(22), rs.getString(21));
    } else if (classUid == SensorEvent.CLASS_UID) {
      event = new SensorEvent(time, host, SensorEvent.Kind.valueOf(activity.toUpperCase(Locale.ROOT)), rs.getLong(20),
          rs.getString(22));
    } else {
      ProcessInfo p = new ProcessInfo(
          rs.getInt(10),
          intOr(rs, 11, -1),
          intOr(rs, 12, -1),
          rs.getString(13),
          rs.getString(14),
          rs.getString(15),
          longOr(rs, 16, 0L),
          rs.getString(17),
          rs.getString(18),
          rs.getString(19));
      FileOrigin origin = new FileOrigin(rs.getString(23), rs.getString(24), rs.getString(25), rs.getString(26),
          rs.getString(27));
      event = new FileEvent(time, end, host, FileActivity.parse(activity), p, rs.getString(9),
          AssetKind.parse(rs.getString(8)), rs.getLong(20), rs.getString(21), origin);
    }
    return new EventRow(seq, hash, event);
  }

  private static int intOr(ResultSet rs, int col, int dflt) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? dflt : v;
  }

  private static long longOr(ResultSet rs, int col, long dflt) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? dflt : v;
  }
}
