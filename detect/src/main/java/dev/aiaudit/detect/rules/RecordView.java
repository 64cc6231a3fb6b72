package dev.aiaudit.detect.rules;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.SensorEvent;

/**
 * Reads a {@link Field} of a record without building anything per event. One method per record
 * class; a new record class (e.g. the sensor's process launch record, OCSF 1007) adds one case to
 * {@link #value} and {@link #className}, and fills the {@code proc.*} shape from its own fields —
 * the compiler points at both switches because {@link Event} is sealed.
 */
public final class RecordView {
  private static final Long MINUS_ONE = -1L;
  private static final Long ZERO = 0L;

  private RecordView() {}

  /** {@code file}, {@code process}, {@code sensor}, {@code finding}, {@code alert}, {@code gpu}. */
  public static String className(Event e) {
    return switch (e) {
      case FileEvent f -> "file";
      case ProcessEvent p -> "process";
      case SensorEvent s -> "sensor";
      case FindingEvent f -> "finding";
      case AlertEvent a -> "alert";
      case GpuEvent g -> "gpu";
    };
  }

  /** The record's activity spelling (the index key beside the class). */
  public static String activity(Event e) {
    return switch (e) {
      case FileEvent f -> f.activity().id();
      case ProcessEvent p -> "launch";
      case SensorEvent s -> s.kind().id();
      case FindingEvent f -> f.state();
      case AlertEvent a -> a.ruleId();
      case GpuEvent g -> g.kind().id();
    };
  }

  /** The value of {@code f} for {@code e}: a {@link String} or a {@link Long}. */
  public static Object value(Field f, Event e) {
    return switch (f) {
      case CLASS -> className(e);
      case ACTIVITY -> activity(e);
      case HOST -> e.host();
      case TIME_NS -> e.timeNs();
      default -> switch (e) {
        case FileEvent fe -> file(f, fe);
        case ProcessEvent pe -> launch(f, pe);
        case SensorEvent s -> sensor(f, s);
        case FindingEvent fi -> f.isInteger() ? MINUS_ONE : f == Field.SOURCE ? fi.source() : "";
        case AlertEvent a -> f.isInteger() ? MINUS_ONE : f == Field.SOURCE ? a.source() : "";
        case GpuEvent g -> gpu(f, g);
      };
    };
  }

  private static Object file(Field f, FileEvent e) {
    ProcessInfo p = e.process();
    return switch (f) {
      case SOURCE -> e.source();
      case COUNT -> e.count();
      case FILE_PATH -> e.path();
      case FILE_NAME -> baseName(e.path());
      case FILE_DIR -> dirName(e.path());
      case FILE_ASSET -> e.asset().id();
      default -> process(f, p);
    };
  }

  private static Object launch(Field f, ProcessEvent e) {
    return switch (f) {
      case SOURCE -> e.source();
      case COUNT -> e.count();
      case PROC_CWD -> nz(e.cwd());
      case PROC_PARENT_EXE -> nz(e.parentExe());
      case PROC_PARENT_NAME -> e.parentExe() == null ? "" : baseName(e.parentExe());
      case PROC_PARENT_CMDLINE -> nz(e.parentCmdline());
      default -> process(f, e.process());
    };
  }

  /** The {@code proc.*} shape of a {@link ProcessInfo}; non-process fields get their empty value. */
  static Object process(Field f, ProcessInfo p) {
    return switch (f) {
      case PROC_PID -> (long) p.pid();
      case PROC_PPID -> (long) p.ppid();
      case PROC_UID -> (long) p.uid();
      case PROC_USER -> nz(p.user());
      case PROC_EXE -> nz(p.exe());
      case PROC_NAME -> p.exe() == null ? "" : baseName(p.exe());
      case PROC_CMDLINE -> nz(p.cmdline());
      case PROC_CONTAINER -> nz(p.containerId());
      case PROC_RUNTIME -> nz(p.containerRuntime());
      case PROC_POD -> nz(p.podUid());
      case PROC_START_NS -> p.startTimeNs();
      default -> f.isInteger() ? MINUS_ONE : "";
    };
  }

  /** A GPU record: its source and sample count, and the {@code proc.*} shape of its process (none for a device sample). */
  private static Object gpu(Field f, GpuEvent g) {
    return switch (f) {
      case SOURCE -> g.source();
      case COUNT -> g.session() == null ? 1L : g.session().samples();
      default -> g.process() != null ? process(f, g.process()) : f.isInteger() ? MINUS_ONE : "";
    };
  }

  private static Object sensor(Field f, SensorEvent s) {
    return switch (f) {
      case SOURCE -> "ai-audit";
      case COUNT -> s.count();
      case SENSOR_KIND -> s.kind().id();
      case SENSOR_MESSAGE -> s.message();
      default -> f.isInteger() ? (f == Field.COUNT ? ZERO : MINUS_ONE) : "";
    };
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static String dirName(String path) {
    int i = path.lastIndexOf('/');
    return i <= 0 ? (i == 0 ? "/" : "") : path.substring(0, i);
  }
}
