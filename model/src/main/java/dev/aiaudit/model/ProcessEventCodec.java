package dev.aiaudit.model;

import static dev.aiaudit.model.EventCodec.baseName;
import static dev.aiaudit.model.EventCodec.required;
import static dev.aiaudit.model.EventCodec.str;
import static dev.aiaudit.model.EventCodec.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * JSON of {@link ProcessEvent} (OCSF Process Activity 1007, Launch): {@code process} is the launched
 * process with its {@code parent_process}, {@code actor.process} the parent that launched it.
 * Fields without an OCSF home (ns times, attribution) go under {@code unmapped}.
 */
final class ProcessEventCodec {
  private ProcessEventCodec() {}

  static void write(JsonGenerator g, ProcessEvent e) throws IOException {
    ProcessInfo p = e.process();
    g.writeStartObject();
    EventCodec.header(g, ProcessEvent.CLASS_UID, "Process Activity", ProcessEvent.ACTIVITY_LAUNCH, "Launch", 1,
        "Informational", e.timeNs());
    g.writeNumberField("start_time", e.timeNs() / 1_000_000L);
    g.writeNumberField("end_time", e.endTimeNs() / 1_000_000L);
    g.writeNumberField("count", e.count());
    EventCodec.metadata(g, e.source(), e.host());
    g.writeObjectFieldStart("process");
    g.writeNumberField("pid", p.pid());
    str(g, "cmd_line", p.cmdline());
    file(g, p.exe());
    if (p.startTimeNs() != 0) {
      g.writeNumberField("created_time", p.startTimeNs() / 1_000_000L);
    }
    str(g, "working_directory", e.cwd());
    if (p.ppid() >= 0) {
      g.writeObjectFieldStart("parent_process");
      g.writeNumberField("pid", p.ppid());
      str(g, "cmd_line", e.parentCmdline());
      file(g, e.parentExe());
      g.writeEndObject();
    }
    EventCodec.user(g, p);
    if (p.containerId() != null || p.podUid() != null) {
      g.writeObjectFieldStart("container");
      str(g, "uid", p.containerId());
      str(g, "runtime", p.containerRuntime());
      str(g, "pod_uuid", p.podUid());
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeObjectFieldStart("actor");
    if (p.ppid() >= 0) {
      g.writeObjectFieldStart("process");
      g.writeNumberField("pid", p.ppid());
      str(g, "cmd_line", e.parentCmdline());
      file(g, e.parentExe());
      g.writeEndObject();
    }
    EventCodec.user(g, p);
    g.writeEndObject();
    g.writeObjectFieldStart("unmapped");
    g.writeStringField("activity", "launch");
    g.writeNumberField("time_ns", e.timeNs());
    g.writeNumberField("end_time_ns", e.endTimeNs());
    g.writeNumberField("process_start_ns", p.startTimeNs());
    EventCodec.attribution(g, p);
    if (p.ppid() < 0) { // no parent_process object to carry them
      str(g, "parent_exe", e.parentExe());
      str(g, "parent_cmd_line", e.parentCmdline());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void file(JsonGenerator g, String path) throws IOException {
    if (path != null) {
      g.writeObjectFieldStart("file");
      g.writeStringField("path", path);
      g.writeStringField("name", baseName(path));
      g.writeEndObject();
    }
  }

  static ProcessEvent read(JsonNode n) {
    JsonNode u = n.path("unmapped");
    JsonNode pr = n.path("process");
    JsonNode parent = pr.path("parent_process");
    ProcessInfo p = EventCodec.process(pr, required(pr, "pid").asInt(), u);
    boolean hasParent = parent.isObject();
    return new ProcessEvent(
        required(u, "time_ns").asLong(),
        required(u, "end_time_ns").asLong(),
        required(n.path("device"), "hostname").asText(),
        p,
        hasParent ? text(parent.path("file"), "path") : text(u, "parent_exe"),
        hasParent ? text(parent, "cmd_line") : text(u, "parent_cmd_line"),
        text(pr, "working_directory"),
        n.path("count").asLong(1),
        n.path("metadata").path("log_provider").asText("unknown"));
  }
}
