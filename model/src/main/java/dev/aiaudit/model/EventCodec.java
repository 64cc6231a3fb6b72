package dev.aiaudit.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The JSON form of events: OCSF field names where OCSF has them, our own under {@code unmapped}.
 * The field names are stable (documented in the README); the codec round-trips every field.
 *
 * <p>Thread-safe. Encoding uses Jackson's streaming generator (no tree per event); a {@link Writer} keeps one
 * generator and one output buffer for a thread (the journal's encoding threads hold one each), and the field names and
 * constant values are pre-encoded ({@link SerializedString}). The bytes are part of the journal format (the chain hash
 * covers them): {@code EventCodecGoldenTest} holds them to what the journal has always written.
 */
public final class EventCodec {

  /** OCSF schema version the records follow. */
  public static final String OCSF_VERSION = "1.4.0";

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
  /** For {@link Writer}: one generator writes many root objects, with nothing between them. */
  private static final JsonFactory WRITER_FACTORY = new com.fasterxml.jackson.core.JsonFactoryBuilder().rootValueSeparator((String) null).build();
  private static final ThreadLocal<Writer> WRITERS = ThreadLocal.withInitial(Writer::new);

  private EventCodec() {}

  /** The record's JSON, in a new array (one thread-local {@link Writer} does the encoding). */
  public static byte[] encode(Event event) {
    Writer w = WRITERS.get();
    int n = w.encode(event);
    byte[] out = Arrays.copyOf(w.buffer(), n);
    if (w.buffer().length > 1 << 20) {
      WRITERS.remove(); // one huge record does not pin a huge buffer on this thread
    }
    return out;
  }

  /**
   * Encodes events one after another into one reused buffer through one reused generator: no allocation per event but
   * the strings the record itself derives. Not thread-safe: one per thread. The bytes equal {@link #encode}'s.
   */
  public static final class Writer {
    private final Out out = new Out();
    private JsonGenerator g;

    /**
     * Encodes {@code event} into {@link #buffer()} from offset 0.
     *
     * @return the number of bytes written; the buffer holds them until the next call
     */
    public int encode(Event event) {
      out.count = 0;
      try {
        if (g == null) {
          g = WRITER_FACTORY.createGenerator(out);
        }
        write(g, event);
        g.flush();
      } catch (IOException e) {
        discard();
        throw new UncheckedIOException(e);
      } catch (RuntimeException | Error e) {
        discard(); // the generator may be inside an object: never reuse it
        throw e;
      }
      return out.count;
    }

    /** The bytes of the last {@link #encode}, from offset 0 (the array may be longer). */
    public byte[] buffer() {
      return out.buf;
    }

    private void discard() {
      JsonGenerator old = g;
      g = null;
      if (old != null) {
        try {
          old.close();
        } catch (IOException | RuntimeException ignored) {
          // a broken generator: its buffers go with it
        }
      }
      out.count = 0;
    }
  }

  /** A growable byte sink whose array the {@link Writer} hands out without a copy. */
  private static final class Out extends OutputStream {
    byte[] buf = new byte[2048];
    int count;

    @Override
    public void write(int b) {
      ensure(1);
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    private void ensure(int more) {
      if (buf.length - count < more) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
      }
    }
  }

  private static void write(JsonGenerator g, Event event) throws IOException {
    switch (event) {
      case FileEvent f -> writeFile(g, f);
      case SensorEvent s -> SensorEventCodec.write(g, s);
      case FindingEvent f -> FindingEventCodec.write(g, f);
      case AlertEvent a -> AlertCodec.write(g, a);
      case ProcessEvent p -> ProcessEventCodec.write(g, p);
      case GpuEvent ge -> GpuEventCodec.write(g, ge);
    }
  }

  public static String encodeToString(Event event) {
    return new String(encode(event), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Decodes a record written by {@link #encode}.
   *
   * @throws IllegalArgumentException when the bytes are not such a record (the message says why)
   */
  public static Event decode(byte[] json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON event record: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON event record: expected an object");
    }
    int cls = n.path("class_uid").asInt(-1);
    return switch (cls) {
      case FileEvent.CLASS_UID -> readFile(n);
      case SensorEvent.CLASS_UID -> SensorEventCodec.read(n);
      case FindingEvent.CLASS_UID -> FindingEventCodec.read(n);
      case AlertEvent.CLASS_UID -> AlertCodec.read(n);
      case ProcessEvent.CLASS_UID -> ProcessEventCodec.read(n);
      case GpuEvent.CLASS_UID -> GpuEventCodec.read(n);
      default -> throw new IllegalArgumentException("unsupported class_uid " + cls);
    };
  }

  // Pre-encoded names and constant values (SerializedString): the same bytes, without re-encoding per event.
  private static final SerializedString CLASS_UID = name("class_uid");
  private static final SerializedString CLASS_NAME = name("class_name");
  private static final SerializedString CATEGORY_UID = name("category_uid");
  private static final SerializedString CATEGORY_NAME = name("category_name");
  private static final SerializedString ACTIVITY_ID = name("activity_id");
  private static final SerializedString ACTIVITY_NAME = name("activity_name");
  private static final SerializedString TYPE_UID = name("type_uid");
  private static final SerializedString TYPE_NAME = name("type_name");
  private static final SerializedString SEVERITY_ID = name("severity_id");
  private static final SerializedString SEVERITY = name("severity");
  private static final SerializedString TIME = name("time");
  private static final SerializedString START_TIME = name("start_time");
  private static final SerializedString END_TIME = name("end_time");
  private static final SerializedString COUNT = name("count");
  private static final SerializedString METADATA = name("metadata");
  private static final SerializedString VERSION = name("version");
  private static final SerializedString PRODUCT = name("product");
  private static final SerializedString NAME = name("name");
  private static final SerializedString VENDOR_NAME = name("vendor_name");
  private static final SerializedString LOG_PROVIDER = name("log_provider");
  private static final SerializedString DEVICE = name("device");
  private static final SerializedString HOSTNAME = name("hostname");
  private static final SerializedString FILE = name("file");
  private static final SerializedString PATH = name("path");
  private static final SerializedString TYPE_ID = name("type_id");
  private static final SerializedString TYPE = name("type");
  private static final SerializedString UNMAPPED = name("unmapped");
  private static final SerializedString ASSET_KIND = name("asset_kind");
  private static final SerializedString ACTIVITY = name("activity");
  private static final SerializedString TIME_NS = name("time_ns");
  private static final SerializedString END_TIME_NS = name("end_time_ns");
  private static final SerializedString PROCESS_START_NS = name("process_start_ns");
  private static final SerializedString READS = name("reads");
  private static final SerializedString ATTRIBUTION = name("attribution");
  private static final SerializedString ATTRIBUTION_REASON = name("attribution_reason");
  private static final SerializedString MOUNT_NS = name("mount_ns");
  private static final SerializedString NS_PATH = name("ns_path");
  private static final SerializedString FILE_CONTAINER_ID = name("file_container_id");
  private static final SerializedString FILE_CONTAINER_RUNTIME = name("file_container_runtime");
  private static final SerializedString CONTAINER_PATH = name("container_path");
  private static final SerializedString ACTOR = name("actor");
  private static final SerializedString PROCESS = name("process");
  private static final SerializedString PID = name("pid");
  private static final SerializedString CMD_LINE = name("cmd_line");
  private static final SerializedString CREATED_TIME = name("created_time");
  private static final SerializedString PARENT_PROCESS = name("parent_process");
  private static final SerializedString USER = name("user");
  private static final SerializedString UID = name("uid");
  private static final SerializedString CONTAINER = name("container");
  private static final SerializedString RUNTIME = name("runtime");
  private static final SerializedString POD_UUID = name("pod_uuid");
  private static final SerializedString V_SYSTEM_ACTIVITY = name("System Activity");
  private static final SerializedString V_OCSF_VERSION = name(OCSF_VERSION);
  private static final SerializedString V_AI_AUDIT = name("ai-audit");
  private static final SerializedString V_FILE_SYSTEM_ACTIVITY = name("File System Activity");
  private static final SerializedString V_INFORMATIONAL = name("Informational");
  private static final SerializedString V_CHARACTER_DEVICE = name("Character Device");
  private static final SerializedString V_REGULAR_FILE = name("Regular File");
  private static final SerializedString[] FILE_ACTIVITY_NAMES = Arrays.stream(FileActivity.values())
      .map(a -> name(a.activityName())).toArray(SerializedString[]::new);
  private static final SerializedString[] FILE_TYPE_NAMES = Arrays.stream(FileActivity.values())
      .map(a -> name("File System Activity: " + a.activityName())).toArray(SerializedString[]::new);
  private static final SerializedString[] FILE_ACTIVITY_IDS = Arrays.stream(FileActivity.values())
      .map(a -> name(a.id())).toArray(SerializedString[]::new);
  private static final SerializedString[] ASSET_IDS = Arrays.stream(AssetKind.values())
      .map(a -> name(a.id())).toArray(SerializedString[]::new);
  private static final SerializedString[] ATTRIBUTION_IDS = Arrays.stream(Attribution.values())
      .map(a -> name(a.id())).toArray(SerializedString[]::new);

  private static SerializedString name(String s) {
    return new SerializedString(s);
  }

  static void header(JsonGenerator g, int classUid, String className, int activityId, String activityName,
      int severityId, String severity, long timeNs) throws IOException {
    g.writeFieldName(CLASS_UID);
    g.writeNumber(classUid);
    g.writeFieldName(CLASS_NAME);
    g.writeString(className);
    g.writeFieldName(CATEGORY_UID);
    g.writeNumber(1);
    g.writeFieldName(CATEGORY_NAME);
    g.writeString(V_SYSTEM_ACTIVITY);
    g.writeFieldName(ACTIVITY_ID);
    g.writeNumber(activityId);
    g.writeFieldName(ACTIVITY_NAME);
    g.writeString(activityName);
    g.writeFieldName(TYPE_UID);
    g.writeNumber(classUid * 100 + activityId);
    g.writeFieldName(TYPE_NAME);
    g.writeString(className + ": " + activityName);
    g.writeFieldName(SEVERITY_ID);
    g.writeNumber(severityId);
    g.writeFieldName(SEVERITY);
    g.writeString(severity);
    g.writeFieldName(TIME);
    g.writeNumber(timeNs / 1_000_000L);
  }

  /** {@link #header} of a file record, from pre-encoded strings. */
  private static void fileHeader(JsonGenerator g, FileActivity a, long timeNs) throws IOException {
    g.writeFieldName(CLASS_UID);
    g.writeNumber(FileEvent.CLASS_UID);
    g.writeFieldName(CLASS_NAME);
    g.writeString(V_FILE_SYSTEM_ACTIVITY);
    g.writeFieldName(CATEGORY_UID);
    g.writeNumber(1);
    g.writeFieldName(CATEGORY_NAME);
    g.writeString(V_SYSTEM_ACTIVITY);
    g.writeFieldName(ACTIVITY_ID);
    g.writeNumber(a.activityId());
    g.writeFieldName(ACTIVITY_NAME);
    g.writeString(FILE_ACTIVITY_NAMES[a.ordinal()]);
    g.writeFieldName(TYPE_UID);
    g.writeNumber(FileEvent.CLASS_UID * 100 + a.activityId());
    g.writeFieldName(TYPE_NAME);
    g.writeString(FILE_TYPE_NAMES[a.ordinal()]);
    g.writeFieldName(SEVERITY_ID);
    g.writeNumber(1);
    g.writeFieldName(SEVERITY);
    g.writeString(V_INFORMATIONAL);
    g.writeFieldName(TIME);
    g.writeNumber(timeNs / 1_000_000L);
  }

  static void metadata(JsonGenerator g, String provider, String host) throws IOException {
    g.writeFieldName(METADATA);
    g.writeStartObject();
    g.writeFieldName(VERSION);
    g.writeString(V_OCSF_VERSION);
    g.writeFieldName(PRODUCT);
    g.writeStartObject();
    g.writeFieldName(NAME);
    g.writeString(V_AI_AUDIT);
    g.writeFieldName(VENDOR_NAME);
    g.writeString(V_AI_AUDIT);
    g.writeEndObject();
    g.writeFieldName(LOG_PROVIDER);
    g.writeString(provider);
    g.writeEndObject();
    g.writeFieldName(DEVICE);
    g.writeStartObject();
    g.writeFieldName(HOSTNAME);
    g.writeString(host);
    g.writeEndObject();
  }

  private static void writeFile(JsonGenerator g, FileEvent e) throws IOException {
    g.writeStartObject();
    fileHeader(g, e.activity(), e.timeNs());
    g.writeFieldName(START_TIME);
    g.writeNumber(e.timeNs() / 1_000_000L);
    g.writeFieldName(END_TIME);
    g.writeNumber(e.endTimeNs() / 1_000_000L);
    g.writeFieldName(COUNT);
    g.writeNumber(e.count());
    metadata(g, e.source(), e.host());
    ProcessInfo p = e.process();
    actor(g, p);
    g.writeFieldName(FILE);
    g.writeStartObject();
    g.writeFieldName(PATH);
    g.writeString(e.path());
    g.writeFieldName(NAME);
    g.writeString(baseName(e.path()));
    boolean gpu = e.asset() == AssetKind.GPU_DEVICE;
    g.writeFieldName(TYPE_ID);
    g.writeNumber(gpu ? 3 : 1);
    g.writeFieldName(TYPE);
    g.writeString(gpu ? V_CHARACTER_DEVICE : V_REGULAR_FILE);
    g.writeEndObject();
    g.writeFieldName(UNMAPPED);
    g.writeStartObject();
    g.writeFieldName(ASSET_KIND);
    g.writeString(ASSET_IDS[e.asset().ordinal()]);
    g.writeFieldName(ACTIVITY);
    g.writeString(FILE_ACTIVITY_IDS[e.activity().ordinal()]);
    g.writeFieldName(TIME_NS);
    g.writeNumber(e.timeNs());
    g.writeFieldName(END_TIME_NS);
    g.writeNumber(e.endTimeNs());
    g.writeFieldName(PROCESS_START_NS);
    g.writeNumber(p.startTimeNs());
    if (e.reads() > 0) {
      g.writeFieldName(READS);
      g.writeNumber(e.reads());
    }
    attribution(g, p);
    FileOrigin o = e.origin();
    if (o != null) {
      str(g, MOUNT_NS, o.mountNs());
      str(g, NS_PATH, o.nsPath());
      str(g, FILE_CONTAINER_ID, o.containerId());
      str(g, FILE_CONTAINER_RUNTIME, o.containerRuntime());
      str(g, CONTAINER_PATH, o.containerPath());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * {@code actor}: the acting process (pid, cmd_line, file, created_time, parent_process, user, container) and its
   * user; read back by {@link #actorProcess}.
   */
  static void actor(JsonGenerator g, ProcessInfo p) throws IOException {
    g.writeFieldName(ACTOR);
    g.writeStartObject();
    g.writeFieldName(PROCESS);
    g.writeStartObject();
    g.writeFieldName(PID);
    g.writeNumber(p.pid());
    str(g, CMD_LINE, p.cmdline());
    if (p.exe() != null) {
      g.writeFieldName(FILE);
      g.writeStartObject();
      g.writeFieldName(PATH);
      g.writeString(p.exe());
      g.writeFieldName(NAME);
      g.writeString(baseName(p.exe()));
      g.writeEndObject();
    }
    if (p.startTimeNs() != 0) {
      g.writeFieldName(CREATED_TIME);
      g.writeNumber(p.startTimeNs() / 1_000_000L);
    }
    if (p.ppid() >= 0) {
      g.writeFieldName(PARENT_PROCESS);
      g.writeStartObject();
      g.writeFieldName(PID);
      g.writeNumber(p.ppid());
      g.writeEndObject();
    }
    user(g, p);
    if (p.containerId() != null || p.podUid() != null) {
      g.writeFieldName(CONTAINER);
      g.writeStartObject();
      str(g, UID, p.containerId());
      str(g, RUNTIME, p.containerRuntime());
      str(g, POD_UUID, p.podUid());
      g.writeEndObject();
    }
    g.writeEndObject();
    user(g, p);
    g.writeEndObject();
  }

  /** The process {@link #actor} wrote, with the attribution and start time from {@code unmapped}. */
  static ProcessInfo actorProcess(JsonNode n) {
    JsonNode pr = n.path("actor").path("process");
    return process(pr, pr.path("pid").asInt(), n.path("unmapped"));
  }

  /**
   * An OCSF process object ({@code pid} given by the caller, which decides whether it is required), with the start
   * time and attribution from {@code unmapped}.
   */
  static ProcessInfo process(JsonNode pr, int pid, JsonNode u) {
    JsonNode user = pr.path("user");
    JsonNode c = pr.path("container");
    ProcessInfo p = new ProcessInfo(
        pid,
        pr.path("parent_process").path("pid").asInt(-1),
        user.has("uid") ? Integer.parseInt(user.get("uid").asText()) : -1,
        text(user, "name"),
        text(pr.path("file"), "path"),
        text(pr, "cmd_line"),
        u.path("process_start_ns").asLong(0),
        text(c, "uid"),
        text(c, "runtime"),
        text(c, "pod_uuid"));
    return withAttribution(p, u);
  }

  /** {@code attribution} and, unless exact, {@code attribution_reason}, inside {@code unmapped}. */
  static void attribution(JsonGenerator g, ProcessInfo p) throws IOException {
    g.writeFieldName(ATTRIBUTION);
    g.writeString(ATTRIBUTION_IDS[p.attribution().ordinal()]);
    str(g, ATTRIBUTION_REASON, p.attributionReason());
  }

  /** Reads what {@link #attribution} wrote; a record written before the field existed derives it. */
  static ProcessInfo withAttribution(ProcessInfo p, JsonNode unmapped) {
    String a = text(unmapped, "attribution");
    return a == null ? p : p.withAttribution(Attribution.parse(a), text(unmapped, "attribution_reason"));
  }

  static void user(JsonGenerator g, ProcessInfo p) throws IOException {
    if (p.uid() >= 0 || p.user() != null) {
      g.writeFieldName(USER);
      g.writeStartObject();
      if (p.uid() >= 0) {
        g.writeFieldName(UID);
        g.writeString(uidText(p.uid()));
      }
      str(g, NAME, p.user());
      g.writeEndObject();
    }
  }

  /**
   * The OCSF {@code severity_id} this codec writes for {@code e}: one rule, also used by the exporters'
   * severity filters. Losses (kernel queue overflow, pipeline drops, lost process events) are High, a
   * lower-fidelity or lagging agent Medium, a non-compliant finding High, an alert its rule's severity.
   */
  public static int severityId(Event e) {
    return switch (e) {
      case FileEvent f -> 1;
      case ProcessEvent p -> 1;
      case GpuEvent ge -> 1;
      case SensorEvent s -> switch (s.kind()) {
        case QUEUE_OVERFLOW, EVENTS_DROPPED, PROCESS_EVENTS_LOST -> 4;
        case SENSOR_DEGRADED, EXPORT_BACKLOG, EXPORT_CURSOR_RESET, WATCH_FALLBACK, MOUNT_UNWATCHABLE, GPU_LOST -> 3;
        default -> 1;
      };
      case FindingEvent f -> FindingEventCodec.bad(f) ? 4 : 1;
      case AlertEvent a -> a.severity().ocsfId();
    };
  }

  private static FileEvent readFile(JsonNode n) {
    JsonNode u = n.path("unmapped");
    ProcessInfo p = actorProcess(n);
    return new FileEvent(
        required(u, "time_ns").asLong(),
        required(u, "end_time_ns").asLong(),
        required(n.path("device"), "hostname").asText(),
        FileActivity.parse(required(u, "activity").asText()),
        p,
        required(n.path("file"), "path").asText(),
        AssetKind.parse(required(u, "asset_kind").asText()),
        n.path("count").asLong(1),
        n.path("metadata").path("log_provider").asText("unknown"),
        new FileOrigin(text(u, "mount_ns"), text(u, "ns_path"), text(u, "file_container_id"),
            text(u, "file_container_runtime"), text(u, "container_path")),
        u.path("reads").asLong(0));
  }

  static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("event record lacks field '" + field + "'");
    }
    return v;
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static void str(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  private static void str(JsonGenerator g, SerializableString field, String value) throws IOException {
    if (value != null) {
      g.writeFieldName(field);
      g.writeString(value);
    }
  }

  /** A uid's decimal text, from a small cache (one process's uid is written twice per record, and few uids repeat). */
  static String uidText(int uid) {
    UidText[] cache = UID_TEXT;
    int slot = uid & (cache.length - 1);
    UidText t = cache[slot];
    if (t == null || t.uid != uid) {
      t = new UidText(uid, Integer.toString(uid));
      cache[slot] = t; // a race only recomputes: entries are immutable
    }
    return t.text;
  }

  private record UidText(int uid, String text) {}

  private static final UidText[] UID_TEXT = new UidText[256];

  static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
