package dev.aiaudit.store.pg;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.SensorEvent;

/**
 * The query columns of one fleet record, derived once from the decoded {@link Event} when {@code serve} stores it.
 * They carry the same meaning as the DuckDB index's columns of the same names (docs/store.md), so one filter SQL
 * ({@link dev.aiaudit.store.sql.FilterSql}) serves both stores: a launch's activity is {@code launch}, a sensor
 * event's its kind, a compliance finding's its transition with the subject as path, an alert's its rule id with the
 * severity as asset kind and the group key as path.
 */
final class FleetColumns {
  /** Column names in {@link #of} order. */
  static final String NAMES = "end_ns, activity, asset_kind, path, pid, uid, user_name, exe, container_id, pod_uid, file_container_id";
  static final int COUNT = 11;

  private FleetColumns() {}

  /** Values in {@link #NAMES} order; null is SQL NULL. */
  static Object[] of(Event ev) {
    Object[] v = new Object[COUNT];
    v[0] = ev.timeNs();
    switch (ev) {
      case FileEvent f -> {
        v[0] = f.endTimeNs();
        v[1] = f.activity().id();
        v[2] = f.asset().id();
        v[3] = f.path();
        process(v, f.process());
        v[10] = f.origin() == null ? null : f.origin().containerId();
      }
      case ProcessEvent p -> {
        v[0] = p.endTimeNs();
        v[1] = "launch";
        process(v, p.process());
      }
      case SensorEvent s -> v[1] = s.kind().id();
      case FindingEvent f -> {
        v[1] = f.previousState() + "->" + f.state();
        v[3] = f.subject();
      }
      case AlertEvent a -> {
        v[1] = a.ruleId();
        v[2] = a.severity().id();
        v[3] = a.groupKey();
      }
      default -> {
        // a record type this build does not index by column: found by time and class only
      }
    }
    return v;
  }

  private static void process(Object[] v, ProcessInfo p) {
    v[4] = p.pid();
    v[5] = p.uid() < 0 ? null : p.uid();
    v[6] = p.user();
    v[7] = p.exe();
    v[8] = p.containerId();
    v[9] = p.podUid();
  }
}
