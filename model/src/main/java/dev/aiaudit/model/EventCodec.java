package dev.aiaudit.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON form of events: OCSF field names where OCSF has them, our own under {@code unmapped}.
 * The field names are stable (documented in the README); the codec round-trips every field.
 *
 * <p>Thread-safe. Encoding uses Jackson's streaming generator (no tree per event).
 */
public final class EventCodec {

  /** OCSF schema version the records follow. */
  public static final String OCSF_VERSION = "1.4.0";

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private EventCodec() {}

  public static byte[] encode(Event event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(768);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      switch (event) {
        case FileEvent f -> writeFile(g, f);
        case SensorEvent s -> writeSensor(g, s);
        case FindingEvent f -> writeFinding(g, f);
        case AlertEvent a -> AlertCodec.write(g, a);
        case ProcessEvent p -> ProcessEventCodec.write(g, p);
        case GpuEvent ge -> GpuEventCodec.write(g, ge);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
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
      case SensorEvent.CLASS_UID -> readSensor(n);
      case FindingEvent.CLASS_UID -> readFinding(n);
      case AlertEvent.CLASS_UID -> AlertCodec.read(n);
      case ProcessEvent.CLASS_UID -> ProcessEventCodec.read(n);
      case GpuEvent.CLASS_UID -> GpuEventCodec.read(n);
      default -> throw new IllegalArgumentException("unsupported class_uid " + cls);
    };
  }

  static void header(JsonGenerator g, int classUid, String className, int activityId, String activityName,
      int severityId, String severity, long timeNs) throws IOException {
    g.writeNumberField("class_uid", classUid);
    g.writeStringField("class_name", className);
    g.writeNumberField("category_uid", 1);
    g.writeStringField("category_name", "System Activity");
    g.writeNumberField("activity_id", activityId);
    g.writeStringField("activity_name", activityName);
    g.writeNumberField("type_uid", classUid * 100 + activityId);
    g.writeStringField("type_name", className + ": " + activityName);
    g.writeNumberField("severity_id", severityId);
    g.writeStringField("severity", severity);
    g.writeNumberField("time", timeNs / 1_000_000L);
  }

  static void metadata(JsonGenerator g, String provider, String host) throws IOException {
    g.writeObjectFieldStart("metadata");
    g.writeStringField("version", OCSF_VERSION);
    g.writeObjectFieldStart("product");
    g.writeStringField("name", "ai-audit");
    g.writeStringField("vendor_name", "ai-audit");
    g.writeEndObject();
    g.writeStringField("log_provider", provider);
    g.writeEndObject();
    g.writeObjectFieldStart("device");
    g.writeStringField("hostname", host);
    g.writeEndObject();
  }

  private static void writeFile(JsonGenerator g, FileEvent e) throws IOException {
    g.writeStartObject();
    header(g, FileEvent.CLASS_UID, "File System Activity", e.activity().activityId(), e.activity().activityName(),
        1, "Informational", e.timeNs());
    g.writeNumberField("start_time", e.timeNs() / 1_000_000L);
    g.writeNumberField("end_time", e.endTimeNs() / 1_000_000L);
    g.writeNumberField("count", e.count());
    metadata(g, e.source(), e.host());
    ProcessInfo p = e.process();
    actor(g, p);
    g.writeObjectFieldStart("file");
    g.writeStringField("path", e.path());
    g.writeStringField("name", baseName(e.path()));
    g.writeNumberField("type_id", e.asset() == AssetKind.GPU_DEVICE ? 3 : 1);
    g.writeStringField("type", e.asset() == AssetKind.GPU_DEVICE ? "Character Device" : "Regular File");
    g.writeEndObject();
    g.writeObjectFieldStart("unmapped");
    g.writeStringField("asset_kind", e.asset().id());
    g.writeStringField("activity", e.activity().id());
    g.writeNumberField("time_ns", e.timeNs());
    g.writeNumberField("end_time_ns", e.endTimeNs());
    g.writeNumberField("process_start_ns", p.startTimeNs());
    if (e.reads() > 0) {
      g.writeNumberField("reads", e.reads());
    }
    attribution(g, p);
    FileOrigin o = e.origin();
    if (o != null) {
      str(g, "mount_ns", o.mountNs());
      str(g, "ns_path", o.nsPath());
      str(g, "file_container_id", o.containerId());
      str(g, "file_container_runtime", o.containerRuntime());
      str(g, "container_path", o.containerPath());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * {@code actor}: the acting process (pid, cmd_line, file, created_time, parent_process, user, container) and its
   * user; read back by {@link #actorProcess}.
   */
  static void actor(JsonGenerator g, ProcessInfo p) throws IOException {
    g.writeObjectFieldStart("actor");
    g.writeObjectFieldStart("process");
    g.writeNumberField("pid", p.pid());
    str(g, "cmd_line", p.cmdline());
    if (p.exe() != null) {
      g.writeObjectFieldStart("file");
      g.writeStringField("path", p.exe());
      g.writeStringField("name", baseName(p.exe()));
      g.writeEndObject();
    }
    if (p.startTimeNs() != 0) {
      g.writeNumberField("created_time", p.startTimeNs() / 1_000_000L);
    }
    if (p.ppid() >= 0) {
      g.writeObjectFieldStart("parent_process");
      g.writeNumberField("pid", p.ppid());
      g.writeEndObject();
    }
    user(g, p);
    if (p.containerId() != null || p.podUid() != null) {
      g.writeObjectFieldStart("container");
      str(g, "uid", p.containerId());
      str(g, "runtime", p.containerRuntime());
      str(g, "pod_uuid", p.podUid());
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
    g.writeStringField("attribution", p.attribution().id());
    str(g, "attribution_reason", p.attributionReason());
  }

  /** Reads what {@link #attribution} wrote; a record written before the field existed derives it. */
  static ProcessInfo withAttribution(ProcessInfo p, JsonNode unmapped) {
    String a = text(unmapped, "attribution");
    return a == null ? p : p.withAttribution(Attribution.parse(a), text(unmapped, "attribution_reason"));
  }

  static void user(JsonGenerator g, ProcessInfo p) throws IOException {
    if (p.uid() >= 0 || p.user() != null) {
      g.writeObjectFieldStart("user");
      if (p.uid() >= 0) {
        g.writeStringField("uid", Integer.toString(p.uid()));
      }
      str(g, "name", p.user());
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
      case FindingEvent f -> badFinding(f) ? 4 : 1;
      case AlertEvent a -> a.severity().ocsfId();
    };
  }

  private static boolean badFinding(FindingEvent f) {
    return f.state().startsWith("non") || f.state().equals("deny") || f.state().equals("error");
  }

  private static void writeSensor(JsonGenerator g, SensorEvent e) throws IOException {
    g.writeStartObject();
    int sev = severityId(e);
    header(g, SensorEvent.CLASS_UID, "Event Log Activity", 99, "Other",
        sev, sev == 4 ? "High" : sev == 3 ? "Medium" : "Informational", e.timeNs());
    g.writeNumberField("count", e.count());
    g.writeStringField("status_detail", e.message());
    metadata(g, "ai-audit", e.host());
    g.writeObjectFieldStart("unmapped");
    g.writeStringField("sensor_event", e.kind().id());
    g.writeNumberField("time_ns", e.timeNs());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeFinding(JsonGenerator g, FindingEvent f) throws IOException {
    g.writeStartObject();
    boolean created = f.previousState().equals("absent");
    boolean bad = badFinding(f);
    g.writeNumberField("class_uid", FindingEvent.CLASS_UID);
    g.writeStringField("class_name", "Compliance Finding");
    g.writeNumberField("category_uid", 2);
    g.writeStringField("category_name", "Findings");
    g.writeNumberField("activity_id", created ? 1 : 2);
    g.writeStringField("activity_name", created ? "Create" : "Update");
    g.writeNumberField("type_uid", FindingEvent.CLASS_UID * 100 + (created ? 1 : 2));
    g.writeNumberField("severity_id", bad ? 4 : 1);
    g.writeStringField("severity", bad ? "High" : "Informational");
    g.writeNumberField("time", f.timeNs() / 1_000_000L);
    g.writeStringField("status_detail", f.message());
    metadata(g, f.source(), f.host());
    g.writeObjectFieldStart("finding_info");
    g.writeStringField("title", f.subject() + ": " + f.previousState() + " -> " + f.state());
    g.writeArrayFieldStart("types");
    g.writeString("policy.compliance_change");
    g.writeEndArray();
    g.writeEndObject();
    g.writeObjectFieldStart("compliance");
    g.writeStringField("status", f.state());
    g.writeEndObject();
    g.writeArrayFieldStart("resources");
    g.writeStartObject();
    g.writeStringField("uid", f.subject());
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectFieldStart("unmapped");
    g.writeStringField("subject", f.subject());
    g.writeStringField("previous_state", f.previousState());
    g.writeStringField("state", f.state());
    g.writeNumberField("time_ns", f.timeNs());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static FindingEvent readFinding(JsonNode n) {
    JsonNode u = n.path("unmapped");
    return new FindingEvent(
        required(u, "time_ns").asLong(),
        required(n.path("device"), "hostname").asText(),
        required(u, "subject").asText(),
        required(u, "previous_state").asText(),
        required(u, "state").asText(),
        n.path("status_detail").asText(""),
        n.path("metadata").path("log_provider").asText("unknown"));
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

  private static SensorEvent readSensor(JsonNode n) {
    JsonNode u = n.path("unmapped");
    return new SensorEvent(
        required(u, "time_ns").asLong(),
        required(n.path("device"), "hostname").asText(),
        SensorEvent.Kind.valueOf(required(u, "sensor_event").asText().toUpperCase(java.util.Locale.ROOT)),
        n.path("count").asLong(0),
        n.path("status_detail").asText(""));
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

  static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
