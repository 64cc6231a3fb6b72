package dev.aiaudit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FileOrigin;
import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.model.text.SafeText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes query results in one of the {@link Format}s of {@code ai-audit query}. JSON lines and CSV
 * stream row by row; the table buffers its rows to align the columns and prints them on {@link
 * #finish()}. Not thread-safe.
 */
public final class QueryOutput implements Consumer<EventRow> {

  /** Output formats. */
  public enum Format {
    /** Aligned columns for people, UTC times to the millisecond, control characters escaped. */
    TABLE,
    /** One OCSF JSON object per line (as {@link EventCodec} writes it) with {@code seq} and {@code hash} added first. */
    JSONL,
    /** RFC 4180: a header line, every column of the index, CRLF line ends, quoted where needed. */
    CSV;

    /** Parses {@code table}, {@code jsonl} or {@code csv}, case-insensitively. */
    public static Format parse(String s) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(s.trim())) {
          return f;
        }
      }
      throw new IllegalArgumentException("unknown format '" + s + "' (expected table, jsonl or csv)");
    }
  }

  /** RFC 4180 records: CRLF, quoted only where a field holds a comma, quote or line break (strict check). */
  private static final ObjectWriter CSV = new CsvMapper().writerFor(String[].class)
      .with(CsvSchema.emptySchema().withLineSeparator("\r\n").withoutHeader())
      .with(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);

  /** The CSV header: the index columns, in order. */
  public static final List<String> CSV_COLUMNS = List.of(
      "seq", "hash", "time", "end_time", "host", "class_uid", "activity", "asset_kind", "path", "pid", "ppid", "uid",
      "user_name", "exe", "cmdline", "process_start", "container_id", "container_runtime", "pod_uid", "count", "source",
      "message", "attribution", "attribution_reason", "parent_exe", "parent_cmdline", "cwd",
      "mount_ns", "ns_path", "file_container_id", "file_container_runtime", "container_path");

  static final List<String> TABLE_HEADER =
      List.of("TIME (UTC)", "SEQ", "ACTIVITY", "KIND", "PID", "USER", "PROCESS", "CONTAINER", "COUNT", "PATH / DETAIL");

  private static final DateTimeFormatter TABLE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Format format;
  private final Writer out;
  private final List<String[]> tableRows = new ArrayList<>();
  private long rows;

  private QueryOutput(Format format, Writer out) {
    this.format = Objects.requireNonNull(format, "format");
    this.out = Objects.requireNonNull(out, "out");
  }

  /** An output writing to {@code out} (which the caller closes); CSV writes its header at once. */
  public static QueryOutput create(Format format, Writer out) {
    QueryOutput o = new QueryOutput(format, out);
    if (format == Format.CSV) {
      o.write(csvRecord(CSV_COLUMNS.toArray(String[]::new)));
    }
    return o;
  }

  @Override
  public void accept(EventRow row) {
    rows++;
    switch (format) {
      case JSONL -> write(jsonLine(row) + "\n");
      case CSV -> write(csvLine(row));
      case TABLE -> tableRows.add(tableCells(row));
    }
  }

  /** Prints the buffered table (with a count line) and flushes the writer. */
  public void finish() {
    if (format == Format.TABLE) {
      writeTable();
    }
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows accepted so far. */
  public long rows() {
    return rows;
  }

  /** The event's OCSF JSON with {@code "seq"} and {@code "hash"} as first members. */
  public static String jsonLine(EventRow row) {
    String json = EventCodec.encodeToString(row.event());
    return "{\"seq\":" + row.seq() + ",\"hash\":\"" + row.hash() + "\"," + json.substring(1);
  }

  static String csvLine(EventRow row) {
    String[] v = new String[CSV_COLUMNS.size()];
    v[0] = Long.toString(row.seq());
    v[1] = row.hash();
    v[2] = iso(row.event().timeNs());
    v[4] = row.event().host();
    v[5] = Integer.toString(row.event().classUid());
    switch (row.event()) {
      case FileEvent f -> {
        v[3] = iso(f.endTimeNs());
        v[6] = f.activity().id();
        v[7] = f.asset().id();
        v[8] = f.path();
        processCells(v, f.process());
        v[19] = Long.toString(f.count());
        v[20] = f.source();
        FileOrigin o = f.origin();
        if (o != null) {
          v[27] = o.mountNs();
          v[28] = o.nsPath();
          v[29] = o.containerId();
          v[30] = o.containerRuntime();
          v[31] = o.containerPath();
        }
      }
      case ProcessEvent pe -> {
        v[3] = iso(pe.endTimeNs());
        v[6] = "launch";
        processCells(v, pe.process());
        v[19] = Long.toString(pe.count());
        v[20] = pe.source();
        v[24] = pe.parentExe();
        v[25] = pe.parentCmdline();
        v[26] = pe.cwd();
      }
      case SensorEvent s -> {
        v[3] = iso(s.timeNs());
        v[6] = s.kind().id();
        v[19] = Long.toString(s.count());
        v[21] = s.message();
      }
      case FindingEvent f -> {
        v[3] = iso(f.timeNs());
        v[6] = f.previousState() + "->" + f.state();
        v[8] = f.subject();
        v[19] = "1";
        v[20] = f.source();
        v[21] = f.message();
      }
      case GpuEvent g -> {
        v[3] = iso(g.endTimeNs());
        v[6] = g.kind().id();
        v[8] = g.gpu().uuid();
        if (g.process() != null) {
          processCells(v, g.process());
        }
        v[19] = Long.toString(g.session() == null ? 1 : g.session().samples());
        v[20] = g.source();
        v[21] = GpuText.detail(g);
      }
      case AlertEvent al -> {
        v[3] = iso(al.timeNs());
        v[6] = al.ruleId();
        v[7] = al.severity().id();
        v[8] = al.groupKey();
        v[19] = Long.toString(al.suppressed() + 1);
        v[20] = al.source();
        v[21] = al.title() + ": " + al.message() + " [cites " + citeList(al) + "]";
      }
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] == null ? "" : cleanCsv(v[i]); // null and empty are both an empty field
    }
    return csvRecord(v);
  }

  private static void processCells(String[] v, ProcessInfo p) {
    v[9] = Integer.toString(p.pid());
    v[10] = p.ppid() < 0 ? null : Integer.toString(p.ppid());
    v[11] = p.uid() < 0 ? null : Integer.toString(p.uid());
    v[12] = p.user();
    v[13] = p.exe();
    v[14] = p.cmdline();
    v[15] = p.startTimeNs() == 0 ? null : iso(p.startTimeNs());
    v[16] = p.containerId();
    v[17] = p.containerRuntime();
    v[18] = p.podUid();
    v[22] = p.attribution().id();
    v[23] = p.attributionReason();
  }

  /** One RFC 4180 record (CRLF-terminated, quoted where needed, null as empty) through jackson-dataformat-csv. */
  static String csvRecord(String[] fields) {
    try {
      return CSV.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code seq 12 (ab12cd34…), seq 13 (…)}: the records an alert cites, hash prefixes only. */
  static String citeList(AlertEvent al) {
    StringBuilder b = new StringBuilder();
    for (AlertEvent.Citation c : al.cites()) {
      if (!b.isEmpty()) {
        b.append(", ");
      }
      b.append("seq ").append(c.seq()).append(" (").append(c.hash(), 0, Math.min(12, c.hash().length())).append("…)");
    }
    return b.toString();
  }

  static String[] tableCells(EventRow row) {
    String time = TABLE_TIME.format(instant(row.event().timeNs()));
    String seq = Long.toString(row.seq());
    return switch (row.event()) {
      case FileEvent f -> {
        ProcessInfo p = f.process();
        String where = f.path();
        FileOrigin o = f.origin();
        if (o != null && o.nsPath() != null) {
          where += " (as " + o.nsPath() + ")";
        }
        if (o != null && o.containerId() != null) {
          where += " [in container " + o.containerId().substring(0, Math.min(12, o.containerId().length())) + ": "
              + o.containerPath() + "]";
        }
        yield new String[] {time, seq, f.activity().id(), f.asset().id(), Integer.toString(p.pid()), clean(user(p)),
            clean(exeName(p.exe())), clean(container(p)), Long.toString(f.count()), clean(where)};
      }
      case ProcessEvent pe -> {
        ProcessInfo p = pe.process();
        String detail = (p.cmdline() != null ? p.cmdline() : p.exe() != null ? p.exe() : "?") + "  <- "
            + (p.ppid() >= 0 ? p.ppid() + " " : "") + exeName(pe.parentExe());
        yield new String[] {time, seq, "launch", "process", Integer.toString(p.pid()), clean(user(p)),
            clean(exeName(p.exe())), clean(container(p)), Long.toString(pe.count()), clean(detail)};
      }
      case SensorEvent s -> new String[] {time, seq, s.kind().id(), "sensor", "-", "-", "ai-audit", "-",
          Long.toString(s.count()), clean(s.message())};
      case FindingEvent f -> new String[] {time, seq, clean(f.previousState() + "->" + f.state()), "finding", "-", "-",
          clean(f.source()), "-", "1", clean(f.subject() + ": " + f.message())};
      case GpuEvent g -> {
        ProcessInfo p = g.process();
        yield new String[] {time, seq, g.kind().id(), "gpu", p == null ? "-" : Integer.toString(p.pid()),
            p == null ? "-" : clean(user(p)), p == null ? "nvml" : clean(exeName(p.exe())), p == null ? "-" : clean(container(p)),
            Long.toString(g.session() == null ? 1 : g.session().samples()), clean(GpuText.detail(g))};
      }
      case AlertEvent al -> new String[] {time, seq, clean(al.ruleId()), "alert:" + al.severity().id(), "-", "-",
          clean(al.source()), "-", Long.toString(al.suppressed() + 1),
          clean(al.title() + ": " + al.message() + " [cites " + citeList(al) + "]")};
    };
  }

  private static String user(ProcessInfo p) {
    return p.user() != null ? p.user() : p.uid() >= 0 ? Integer.toString(p.uid()) : "-";
  }

  private static String exeName(String exe) {
    return exe == null ? "-" : exe.substring(exe.lastIndexOf('/') + 1);
  }

  private static String container(ProcessInfo p) {
    return p.containerId() != null
        ? p.containerId().substring(0, Math.min(12, p.containerId().length()))
        : p.podUid() != null ? "pod:" + p.podUid().substring(0, Math.min(8, p.podUid().length())) : "-";
  }

  private void writeTable() {
    int[] w = new int[TABLE_HEADER.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = TABLE_HEADER.get(i).length();
    }
    for (String[] r : tableRows) {
      for (int i = 0; i < w.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    StringBuilder b = new StringBuilder();
    appendTableLine(b, TABLE_HEADER.toArray(String[]::new), w);
    for (String[] r : tableRows) {
      appendTableLine(b, r, w);
    }
    b.append(rows == 1 ? "1 event" : rows + " events").append('\n');
    write(b.toString());
    tableRows.clear();
  }

  /** Columns separated by two spaces; numbers right-aligned; the last column unpadded. */
  private static void appendTableLine(StringBuilder b, String[] cells, int[] w) {
    for (int i = 0; i < cells.length; i++) {
      String c = cells[i];
      if (i == cells.length - 1) {
        b.append(c);
        break;
      }
      boolean right = i == 1 || i == 4 || i == 8;
      String pad = " ".repeat(w[i] - c.length());
      b.append(right ? pad + c : c + pad).append("  ");
    }
    int end = b.length();
    while (end > 0 && b.charAt(end - 1) == ' ') {
      end--;
    }
    b.setLength(end);
    b.append('\n');
  }

  /**
   * Escapes control characters (C0, DEL, C1, bidirectional overrides: {@link SafeText#escape}) so that a
   * hostile path or command line cannot break the table or the terminal.
   */
  static String clean(String s) {
    return SafeText.escape(s);
  }

  /**
   * For CSV: as {@link #clean} but CR, LF and TAB stay (RFC 4180 quotes them), so a spreadsheet gets the
   * value back while no terminal escape sequence is ever printed raw.
   */
  static String cleanCsv(String s) {
    if (s == null) {
      return null;
    }
    int n = s.length();
    int i = 0;
    while (i < n && (!SafeText.needsEscape(s.charAt(i)) || isCsvWhitespace(s.charAt(i)))) {
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (isCsvWhitespace(c)) {
        b.append(c);
      } else {
        b.append(SafeText.escape(String.valueOf(c)));
      }
    }
    return b.toString();
  }

  private static boolean isCsvWhitespace(char c) {
    return c == '\n' || c == '\r' || c == '\t';
  }

  private static Instant instant(long ns) {
    return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
  }

  private static String iso(long ns) {
    return instant(ns).toString();
  }

  private void write(String s) {
    try {
      out.write(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
