package dev.aiaudit.store.duckdb;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FileOrigin;
import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.SensorEvent;
import java.util.Arrays;

/**
 * Writes a {@link RecordedEvent} as one row of {@link Schema#CREATE_EVENTS}, column by column in table order, into a
 * {@link Cols} (the column batches {@link RowFeed} hands to DuckDB); the inverse of {@link RowReader}.
 */
final class RowWriter {

  /** Receives the values of one row in {@link Schema#CREATE_EVENTS} column order. */
  interface Cols {
    void beginRow();

    void endRow();

    void append(long v);

    void append(int v);

    void append(String v);

    void appendEpochNanos(long ns);

    void appendNull();
  }

  // The enums' id() lower-cases its name on every call; the Appender loop asks for it per row.
  private static final String[] ACTIVITY_IDS =
      Arrays.stream(FileActivity.values()).map(FileActivity::id).toArray(String[]::new);
  private static final String[] ASSET_IDS = Arrays.stream(AssetKind.values()).map(AssetKind::id).toArray(String[]::new);
  private static final String[] SENSOR_KIND_IDS =
      Arrays.stream(SensorEvent.Kind.values()).map(SensorEvent.Kind::id).toArray(String[]::new);

  private RowWriter() {}

  /** One row in {@link Schema#CREATE_EVENTS} column order. */
  static void append(Cols a, RecordedEvent r) {
    Event ev = r.event();
    a.beginRow();
    a.append(r.seq());
    a.append(r.hash()); // hex (checked by hashBytes before the batch); the INSERT stores unhex(hash)
    a.appendEpochNanos(ev.timeNs());
    switch (ev) {
      case FileEvent f -> {
        ProcessInfo p = f.process();
        a.appendEpochNanos(f.endTimeNs());
        a.append(f.host());
        a.append(FileEvent.CLASS_UID);
        a.append(ACTIVITY_IDS[f.activity().ordinal()]);
        a.append(ASSET_IDS[f.asset().ordinal()]);
        a.append(f.path());
        process(a, p); // pid .. pod_uid
        a.append(f.count());
        a.append(f.source());
        a.appendNull();
        str(a, p.attribution().id());
        str(a, p.attributionReason());
        nulls(a, 3); // parent_exe, parent_cmdline, cwd
        FileOrigin o = f.origin();
        if (o == null) {
          nulls(a, 5); // mount_ns .. container_path
        } else {
          str(a, o.mountNs());
          str(a, o.nsPath());
          str(a, o.containerId());
          str(a, o.containerRuntime());
          str(a, o.containerPath());
        }
      }
      case ProcessEvent pe -> {
        ProcessInfo p = pe.process();
        a.appendEpochNanos(pe.endTimeNs());
        a.append(pe.host());
        a.append(ProcessEvent.CLASS_UID);
        a.append("launch");
        a.appendNull(); // asset_kind
        a.appendNull(); // path
        process(a, p); // pid .. pod_uid
        a.append(pe.count());
        a.append(pe.source());
        a.appendNull(); // message
        str(a, p.attribution().id());
        str(a, p.attributionReason());
        str(a, pe.parentExe());
        str(a, pe.parentCmdline());
        str(a, pe.cwd());
        nulls(a, 5); // mount_ns .. container_path
      }
      case SensorEvent s -> {
        a.appendEpochNanos(s.timeNs());
        a.append(s.host());
        a.append(SensorEvent.CLASS_UID);
        a.append(SENSOR_KIND_IDS[s.kind().ordinal()]);
        for (int i = 0; i < 12; i++) { // asset_kind .. pod_uid
          a.appendNull();
        }
        a.append(s.count());
        a.appendNull();
        a.append(s.message());
        nulls(a, 10); // attribution .. cwd, mount_ns .. container_path
      }
      case FindingEvent f -> {
        a.appendEpochNanos(f.timeNs());
        a.append(f.host());
        a.append(FindingEvent.CLASS_UID);
        a.append(f.previousState() + "->" + f.state()); // a compliance finding's activity is its transition
        a.appendNull(); // asset_kind
        a.append(f.subject()); // path: the subject, so --path globs select deployments
        for (int i = 0; i < 10; i++) { // pid .. pod_uid
          a.appendNull();
        }
        a.append(1L);
        a.append(f.source());
        a.append(f.message());
        nulls(a, 10); // attribution .. cwd, mount_ns .. container_path
      }
      case GpuEvent g -> {
        a.appendEpochNanos(g.endTimeNs());
        a.append(g.host());
        a.append(GpuEvent.CLASS_UID);
        a.append(g.kind().id()); // device, process, session
        a.appendNull(); // asset_kind
        a.append(g.gpu().uuid()); // path: the GPU, so --path globs select GPUs
        if (g.process() == null) {
          nulls(a, 10); // pid .. pod_uid
        } else {
          process(a, g.process());
        }
        a.append(g.session() == null ? 1L : g.session().samples());
        a.append(g.source());
        a.append(EventCodec.encodeToString(g)); // the figures: the OCSF JSON itself, as alerts
        if (g.process() == null) {
          nulls(a, 2);
        } else {
          str(a, g.process().attribution().id());
          str(a, g.process().attributionReason());
        }
        nulls(a, 8); // parent_exe .. cwd, mount_ns .. container_path
      }
      case AlertEvent al -> {
        a.appendEpochNanos(al.timeNs());
        a.append(al.host());
        a.append(AlertEvent.CLASS_UID);
        a.append(al.ruleId()); // an alert's activity is its rule id
        a.append(al.severity().id()); // asset_kind: the severity
        a.append(al.groupKey()); // path: the group key
        for (int i = 0; i < 10; i++) { // pid .. pod_uid
          a.appendNull();
        }
        a.append(al.suppressed() + 1);
        a.append(al.source());
        a.append(EventCodec.encodeToString(al)); // alerts are rare and many-fielded: the OCSF JSON itself
        nulls(a, 10); // attribution .. cwd, mount_ns .. container_path
      }
    }
    a.endRow();
  }

  /**
   * Checks that the record's hash is 64 hex digits (what the INSERT's {@code unhex} turns into the 32-byte BLOB), without
   * decoding it: a malformed one would fail the whole batch's statement.
   *
   * @throws IllegalArgumentException naming the record
   */
  static void checkHash(RecordedEvent r) {
    String h = r.hash();
    int bad = h.length() == 64 ? 0 : 1;
    for (int i = 0; bad == 0 && i < 64; i++) { // one table load per digit, no branch per range (insert's hot loop)
      char c = h.charAt(i);
      bad = c < 128 ? NOT_HEX[c] : 1;
    }
    if (bad != 0) {
      throw new IllegalArgumentException("record seq " + r.seq() + " has a hash that is not 64 hex digits: '"
          + dev.aiaudit.model.text.SafeText.capped(h, 80) + "'");
    }
  }

  /** 1 for each ASCII code that is not a hex digit. */
  private static final byte[] NOT_HEX = new byte[128];

  static {
    java.util.Arrays.fill(NOT_HEX, (byte) 1);
    for (char c : "0123456789abcdefABCDEF".toCharArray()) {
      NOT_HEX[c] = 0;
    }
  }

  /** Columns pid .. pod_uid of a file or process record. */
  private static void process(Cols a, ProcessInfo p) {
    a.append(p.pid());
    intOrNull(a, p.ppid());
    intOrNull(a, p.uid());
    str(a, p.user());
    str(a, p.exe());
    str(a, p.cmdline());
    if (p.startTimeNs() != 0) {
      a.appendEpochNanos(p.startTimeNs());
    } else {
      a.appendNull();
    }
    str(a, p.containerId());
    str(a, p.containerRuntime());
    str(a, p.podUid());
  }

  private static void nulls(Cols a, int n) {
    for (int i = 0; i < n; i++) {
      a.appendNull();
    }
  }

  private static void intOrNull(Cols a, int v) {
    if (v < 0) {
      a.appendNull();
    } else {
      a.append(v);
    }
  }

  private static void str(Cols a, String s) {
    if (s == null) {
      a.appendNull();
    } else {
      a.append(s);
    }
  }
}
