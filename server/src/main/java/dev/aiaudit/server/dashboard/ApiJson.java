package dev.aiaudit.server.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.scan.CheckResult;
import dev.aiaudit.scan.ScanReport;
import dev.aiaudit.scan.Verdict;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.QueryOutput;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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

  static ObjectNode scanRun(ScanService.ScanRun run, boolean withChecks) {
    ObjectNode n = MAPPER.createObjectNode().put("id", run.id()).put("started_at", run.startedAt().toString())
        .put("trigger", run.trigger());
    if (run.error() != null) {
      n.put("error", run.error());
    }
    ArrayNode reports = n.putArray("reports");
    for (ScanReport r : run.reports()) {
      ObjectNode rn = reports.addObject().put("profile", r.profile().id()).put("host", r.host()).put("target", r.target());
      ObjectNode counts = rn.putObject("counts");
      for (Map.Entry<Verdict, Integer> e : r.counts().entrySet()) {
        counts.put(e.getKey().label(), e.getValue());
      }
      if (withChecks) {
        ArrayNode failed = rn.putArray("failed");
        for (CheckResult c : r.results()) {
          if (c.verdict() == Verdict.FAIL) {
            ObjectNode cn = failed.addObject().put("id", c.id()).put("title", c.title()).put("severity", c.severity().id())
                .put("expected", c.expected()).put("actual", c.actual()).put("remediation", c.remediation());
            c.controls().forEach(cn.putArray("controls")::add);
          }
        }
      }
    }
    return n;
  }
}
