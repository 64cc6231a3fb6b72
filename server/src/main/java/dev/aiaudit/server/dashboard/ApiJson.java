package dev.aiaudit.server.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.QueryOutput;
import java.time.Instant;
import java.util.List;

/** The API's JSON shapes. Records appear as journaled (OCSF JSON with {@code seq} and {@code hash} first). */
final class ApiJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ApiJson() {}

  static String error(int status, String message) {
    return MAPPER.createObjectNode().put("error", message).put("status", status).toString();
  }

  /** {@code {"items":[record...],"next_cursor":...}}. */
  static String page(List<EventRow> rows, String nextCursor) {
    StringBuilder sb = new StringBuilder(256 + rows.size() * 600).append("{\"items\":[");
    for (int i = 0; i < rows.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(QueryOutput.jsonLine(rows.get(i)));
    }
    sb.append("],\"next_cursor\":").append(nextCursor == null ? "null" : MAPPER.getNodeFactory().textNode(nextCursor).toString());
    return sb.append('}').toString();
  }

  static ObjectNode deployment(DeploymentView d) {
    ObjectNode n = MAPPER.createObjectNode().put("subject", d.subject()).put("state", d.state())
        .put("bucket", d.bucket()).put("previous_state", d.previousState()).put("host", d.host())
        .put("time", Instant.ofEpochSecond(0, d.timeNs()).toString());
    d.violations().forEach(n.putArray("violations")::add);
    d.controls().forEach(n.putArray("controls")::add);
    n.putObject("evidence").put("seq", d.seq()).put("hash", d.hash());
    return n;
  }

  static ObjectNode alert(AlertView v) {
    AlertEvent a = v.alert();
    ObjectNode n = MAPPER.createObjectNode().put("seq", v.seq()).put("hash", v.hash())
        .put("time", Instant.ofEpochSecond(0, a.timeNs()).toString()).put("host", a.host()).put("rule", a.ruleId())
        .put("title", a.title()).put("severity", a.severity().id()).put("message", a.message())
        .put("group_key", a.groupKey()).put("suppressed", a.suppressed()).put("state", v.open() ? "open" : "acknowledged");
    a.tags().forEach(n.putArray("tags")::add);
    ArrayNode cites = n.putArray("cites");
    a.cites().forEach(c -> cites.addObject().put("seq", c.seq()).put("hash", c.hash()));
    if (v.ack() != null) {
      n.putObject("ack").put("seq", v.ack().seq()).put("hash", v.ack().hash()).put("by", v.ack().by())
          .put("comment", v.ack().comment()).put("time", Instant.ofEpochSecond(0, v.ack().timeNs()).toString());
    }
    return n;
  }

  /** A host's scan posture: per-profile counts, the last change and, with {@code q}, the failing checks. */
  static ObjectNode posture(HostPosture p, Queries q) {
    ObjectNode n = MAPPER.createObjectNode().put("host", p.host());
    n.put("last_change", p.lastChangeNs() == 0 ? null : Instant.ofEpochSecond(0, p.lastChangeNs()).toString());
    ObjectNode profiles = n.putObject("profiles");
    p.counts().forEach((profile, counts) -> counts.forEach(profiles.putObject(profile)::put));
    if (q != null) {
      ArrayNode failed = n.putArray("failed");
      for (HostPosture.CheckState c : p.failing()) {
        ObjectNode cn = failed.addObject().put("profile", c.profile()).put("id", c.check()).put("message", c.message())
            .put("since", Instant.ofEpochSecond(0, c.timeNs()).toString()).put("seq", c.seq()).put("hash", c.hash());
        q.check(c.profile(), c.check()).ifPresent(d -> {
          cn.put("title", d.title()).put("severity", d.severity().id()).put("expected", d.expected())
              .put("remediation", d.remediation());
          d.controls().forEach(cn.putArray("controls")::add);
        });
      }
    }
    return n;
  }

  /** One point of a host's scan history. */
  static ObjectNode point(String host, HostPosture.ScanPoint pt) {
    ObjectNode n = MAPPER.createObjectNode().put("host", host).put("time", Instant.ofEpochSecond(0, pt.timeNs()).toString())
        .put("changed", pt.changed()).put("to_fail", pt.toFail()).put("to_pass", pt.toPass()).put("first_seq", pt.firstSeq());
    ObjectNode counts = n.putObject("counts");
    pt.counts().forEach((profile, c) -> c.forEach(counts.putObject(profile)::put));
    return n;
  }

  /** The scanner's state in this process. */
  static ObjectNode scanner(ScanService.Status s) {
    ObjectNode n = MAPPER.createObjectNode().put("available", s.available()).put("running", s.running());
    n.put("last_finished", s.lastFinished() == null ? null : s.lastFinished().toString());
    n.put("last_trigger", s.lastTrigger());
    if (s.lastError() != null) {
      n.put("last_error", s.lastError());
    }
    return n;
  }
}
