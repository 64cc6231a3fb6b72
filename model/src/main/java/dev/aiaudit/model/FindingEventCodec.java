package dev.aiaudit.model;

import static dev.aiaudit.model.EventCodec.metadata;
import static dev.aiaudit.model.EventCodec.required;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** The JSON form of {@link FindingEvent} (OCSF Compliance Finding, class 2003); part of {@link EventCodec}. */
final class FindingEventCodec {
  private FindingEventCodec() {}

  /** A non-compliant, denied or errored verdict (High severity). */
  static boolean bad(FindingEvent f) {
    return f.state().startsWith("non") || f.state().equals("deny") || f.state().equals("error");
  }

  static void write(JsonGenerator g, FindingEvent f) throws IOException {
    g.writeStartObject();
    boolean created = f.previousState().equals("absent");
    boolean bad = bad(f);
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

  static FindingEvent read(JsonNode n) {
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
}
