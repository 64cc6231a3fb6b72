package dev.aiaudit.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of an {@link AlertEvent}: OCSF Detection Finding (class_uid 2004, category 2
 * Findings, activity 1 Create). OCSF fields: {@code finding_info} (uid, title, desc, types,
 * {@code analytic} naming the rule, {@code related_events} naming the cited records by seq),
 * {@code attacks} (MITRE technique ids from the tags), {@code severity_id}, {@code count}
 * (matches the alert stands for). Exact values under {@code unmapped}: rule_id, tags, cites
 * ({@code [{seq, hash}]}), group_key, suppressed_count, message, time_ns and, for detectors,
 * {@code measure} (metric, baseline, observed, threshold).
 */
final class AlertCodec {
  private AlertCodec() {}

  static void write(JsonGenerator g, AlertEvent a) throws IOException {
    g.writeStartObject();
    g.writeNumberField("class_uid", AlertEvent.CLASS_UID);
    g.writeStringField("class_name", "Detection Finding");
    g.writeNumberField("category_uid", 2);
    g.writeStringField("category_name", "Findings");
    g.writeNumberField("activity_id", 1);
    g.writeStringField("activity_name", "Create");
    g.writeNumberField("type_uid", AlertEvent.CLASS_UID * 100 + 1);
    g.writeStringField("type_name", "Detection Finding: Create");
    g.writeNumberField("severity_id", a.severity().ocsfId());
    g.writeStringField("severity", a.severity().ocsfName());
    g.writeNumberField("time", a.timeNs() / 1_000_000L);
    g.writeNumberField("count", a.suppressed() + 1);
    g.writeStringField("message", a.message());
    EventCodec.metadata(g, a.source(), a.host());
    g.writeObjectFieldStart("finding_info");
    g.writeStringField("uid", a.ruleId() + (a.cites().isEmpty() ? "" : "@" + a.cites().getFirst().seq()));
    g.writeStringField("title", a.title());
    g.writeStringField("desc", a.description());
    g.writeArrayFieldStart("types");
    g.writeString(a.measure() == null ? "rule" : "anomaly");
    g.writeEndArray();
    g.writeObjectFieldStart("analytic");
    g.writeStringField("uid", a.ruleId());
    g.writeStringField("name", a.title());
    g.writeNumberField("type_id", a.measure() == null ? 1 : 2);
    g.writeStringField("type", a.measure() == null ? "Rule" : "Behavioral");
    g.writeEndObject();
    g.writeArrayFieldStart("related_events");
    for (AlertEvent.Citation c : a.cites()) {
      g.writeStartObject();
      g.writeStringField("uid", Long.toString(c.seq()));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeArrayFieldStart("attacks");
    for (String t : a.tags()) {
      if (isTechnique(t)) {
        g.writeStartObject();
        g.writeObjectFieldStart("technique");
        g.writeStringField("uid", t);
        g.writeEndObject();
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    g.writeObjectFieldStart("unmapped");
    g.writeStringField("rule_id", a.ruleId());
    g.writeArrayFieldStart("tags");
    for (String t : a.tags()) {
      g.writeString(t);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("cites");
    for (AlertEvent.Citation c : a.cites()) {
      g.writeStartObject();
      g.writeNumberField("seq", c.seq());
      g.writeStringField("hash", c.hash());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("group_key", a.groupKey());
    g.writeNumberField("suppressed_count", a.suppressed());
    g.writeNumberField("time_ns", a.timeNs());
    AlertEvent.Measure m = a.measure();
    if (m != null) {
      g.writeObjectFieldStart("measure");
      g.writeStringField("metric", m.metric());
      g.writeNumberField("baseline", m.baseline());
      g.writeNumberField("observed", m.observed());
      g.writeNumberField("threshold", m.threshold());
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  static AlertEvent read(JsonNode n) {
    JsonNode u = n.path("unmapped");
    List<String> tags = new ArrayList<>();
    u.path("tags").forEach(t -> tags.add(t.asText()));
    List<AlertEvent.Citation> cites = new ArrayList<>();
    u.path("cites").forEach(c -> cites.add(new AlertEvent.Citation(
        EventCodec.required(c, "seq").asLong(), EventCodec.required(c, "hash").asText())));
    JsonNode m = u.get("measure");
    AlertEvent.Measure measure = m == null || m.isNull() ? null : new AlertEvent.Measure(
        EventCodec.required(m, "metric").asText(), m.path("baseline").asDouble(), m.path("observed").asDouble(),
        m.path("threshold").asDouble());
    JsonNode fi = n.path("finding_info");
    return new AlertEvent(
        EventCodec.required(u, "time_ns").asLong(),
        EventCodec.required(n.path("device"), "hostname").asText(),
        EventCodec.required(u, "rule_id").asText(),
        fi.path("title").asText(""),
        fi.path("desc").asText(""),
        AlertSeverity.ofOcsf(EventCodec.required(n, "severity_id").asInt()),
        tags,
        cites,
        u.path("group_key").asText(""),
        u.path("suppressed_count").asLong(0),
        n.path("message").asText(""),
        n.path("metadata").path("log_provider").asText("unknown"),
        measure);
  }

  /** A MITRE ATT&CK technique or sub-technique id: {@code T1005}, {@code T1496.001}. */
  static boolean isTechnique(String t) {
    return t.matches("T\\d{4}(\\.\\d{3})?");
  }
}
