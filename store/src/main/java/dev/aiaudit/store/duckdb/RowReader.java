package dev.aiaudit.store.duckdb;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FileOrigin;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.Attribution;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.ProcessEvent;
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
    if (classUid == AlertEvent.CLASS_UID || classUid == dev.aiaudit.model.GpuEvent.CLASS_UID) {
      event = EventCodec.decode(rs.getString(22).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } else if (classUid == FindingEvent.CLASS_UID) {
      int arrow = activity.indexOf("->");
      event = new FindingEvent(time, host, rs.getString(9), activity.substring(0, arrow), activity.substring(arrow + 2),
          rs.getString(22), rs.getString(21));
    } else if (classUid == SensorEvent.CLASS_UID) {
      event = new SensorEvent(time, host, SensorEvent.Kind.valueOf(activity.toUpperCase(Locale.ROOT)), rs.getLong(20),
          rs.getString(22));
    } else if (classUid == ProcessEvent.CLASS_UID) {
      ProcessInfo p = process(rs);
      event = new ProcessEvent(time, end, host, p, rs.getString(25), rs.getString(26), rs.getString(27), rs.getLong(20),
          rs.getString(21));
    } else {
      ProcessInfo p = process(rs);
      FileOrigin origin = new FileOrigin(rs.getString(28), rs.getString(29), rs.getString(30), rs.getString(31),
          rs.getString(32));
      event = new FileEvent(time, end, host, FileActivity.parse(activity), p, rs.getString(9),
          AssetKind.parse(rs.getString(8)), rs.getLong(20), rs.getString(21), origin);
    }
    return new EventRow(seq, hash, event);
  }

  /** Columns 10..19 and 23..24: the process of a file or process record. */
  private static ProcessInfo process(ResultSet rs) throws SQLException {
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
    String a = rs.getString(23);
    return a == null ? p : p.withAttribution(Attribution.parse(a), rs.getString(24));
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
