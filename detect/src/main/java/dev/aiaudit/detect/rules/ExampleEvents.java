package dev.aiaudit.detect.rules;

import dev.aiaudit.model.AssetClassifier;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.SensorEvent;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the record an example describes ({@code {class: file, activity: read, file.path: ...,
 * proc.exe: ...}}), so examples run through the same activation as live records. Unset fields take
 * realistic defaults; {@code file.asset} defaults to the built-in classification of the path.
 */
public final class ExampleEvents {
  /** Example time: 2026-01-01T12:00:00Z. */
  public static final long TIME_NS = 1_767_268_800_000_000_000L;

  private static final Set<String> FILE_FIELDS = Set.of("class", "activity", "host", "time_ns", "source", "count",
      "file.path", "file.asset", "proc.pid", "proc.ppid", "proc.uid", "proc.user", "proc.exe", "proc.cmdline",
      "proc.container", "proc.runtime", "proc.pod", "proc.start_ns");
  private static final Set<String> PROCESS_FIELDS = Set.of("class", "activity", "host", "time_ns", "source", "count",
      "proc.pid", "proc.ppid", "proc.uid", "proc.user", "proc.exe", "proc.cmdline", "proc.container", "proc.runtime",
      "proc.pod", "proc.start_ns", "proc.cwd", "proc.parent_exe", "proc.parent_cmdline");
  private static final Set<String> SENSOR_FIELDS = Set.of("class", "activity", "host", "time_ns", "count", "sensor.kind",
      "sensor.message");

  private ExampleEvents() {}

  /**
   * The record for an example.
   *
   * @throws IllegalArgumentException naming the field that cannot be set on that class of record
   */
  public static Event toEvent(Map<String, Object> f) {
    String cls = str(f, "class", "file");
    return switch (cls) {
      case "file" -> file(f);
      case "process" -> process(f);
      case "sensor" -> sensor(f);
      default -> throw new IllegalArgumentException(
          "examples of class '" + cls + "' are not supported (file, process or sensor)");
    };
  }

  private static FileEvent file(Map<String, Object> f) {
    allowed(f, FILE_FIELDS, "file");
    String path = str(f, "file.path", "/models/example/model.safetensors");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("file.path must be absolute: '" + path + "'");
    }
    AssetKind asset = f.containsKey("file.asset") ? AssetKind.parse(str(f, "file.asset", ""))
        : AssetClassifier.defaults().classify(path);
    ProcessInfo p = processInfo(f);
    long t = num(f, "time_ns", TIME_NS);
    return new FileEvent(t, t, str(f, "host", "node-1"),
        FileActivity.parse(str(f, "activity", "open")), p, path, asset, num(f, "count", 1), str(f, "source", "fanotify"));
  }

  private static ProcessEvent process(Map<String, Object> f) {
    allowed(f, PROCESS_FIELDS, "process");
    String activity = str(f, "activity", "launch");
    if (!activity.equals("launch")) {
      throw new IllegalArgumentException("process records have activity 'launch', not '" + activity + "'");
    }
    long t = num(f, "time_ns", TIME_NS);
    return new ProcessEvent(t, t, str(f, "host", "node-1"), processInfo(f), str(f, "proc.parent_exe", "/bin/sh"),
        str(f, "proc.parent_cmdline", null), str(f, "proc.cwd", "/"), num(f, "count", 1),
        str(f, "source", "proc-connector"));
  }

  private static ProcessInfo processInfo(Map<String, Object> f) {
    return new ProcessInfo(
        (int) num(f, "proc.pid", 4242),
        (int) num(f, "proc.ppid", 1),
        (int) num(f, "proc.uid", 1000),
        str(f, "proc.user", "alice"),
        str(f, "proc.exe", "/usr/bin/python3.11"),
        str(f, "proc.cmdline", null),
        num(f, "proc.start_ns", TIME_NS - 60_000_000_000L),
        str(f, "proc.container", null),
        str(f, "proc.runtime", f.containsKey("proc.container") ? "containerd" : null),
        str(f, "proc.pod", null));
  }

  private static SensorEvent sensor(Map<String, Object> f) {
    allowed(f, SENSOR_FIELDS, "sensor");
    String kind = str(f, "sensor.kind", str(f, "activity", "queue_overflow"));
    return new SensorEvent(num(f, "time_ns", TIME_NS), str(f, "host", "node-1"),
        SensorEvent.Kind.valueOf(kind.toUpperCase(Locale.ROOT)), num(f, "count", 1),
        str(f, "sensor.message", "example"));
  }

  private static void allowed(Map<String, Object> f, Set<String> fields, String cls) {
    for (String k : f.keySet()) {
      if (!fields.contains(k)) {
        throw new IllegalArgumentException(Field.byName(k) == null ? "unknown field '" + k + "'"
            : "field '" + k + "' cannot be set on a " + cls + " record");
      }
    }
  }

  private static String str(Map<String, Object> f, String k, String dflt) {
    Object v = f.get(k);
    return v == null ? dflt : v.toString();
  }

  private static long num(Map<String, Object> f, String k, long dflt) {
    Object v = f.get(k);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("field '" + k + "' must be a whole number, not '" + v + "'");
    }
  }
}
