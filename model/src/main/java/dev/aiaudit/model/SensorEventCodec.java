package dev.aiaudit.model;

import static dev.aiaudit.model.EventCodec.header;
import static dev.aiaudit.model.EventCodec.metadata;
import static dev.aiaudit.model.EventCodec.required;
import static dev.aiaudit.model.EventCodec.severityId;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** The JSON form of {@link SensorEvent} (OCSF Event Log Activity, class 1008); part of {@link EventCodec}. */
final class SensorEventCodec {
  private SensorEventCodec() {}

  static void write(JsonGenerator g, SensorEvent e) throws IOException {
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

  static SensorEvent read(JsonNode n) {
    JsonNode u = n.path("unmapped");
    return new SensorEvent(
        required(u, "time_ns").asLong(),
        required(n.path("device"), "hostname").asText(),
        SensorEvent.Kind.valueOf(required(u, "sensor_event").asText().toUpperCase(java.util.Locale.ROOT)),
        n.path("count").asLong(0),
        n.path("status_detail").asText(""));
  }
}
