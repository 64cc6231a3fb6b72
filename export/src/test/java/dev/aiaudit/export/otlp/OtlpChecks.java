package dev.aiaudit.export.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.export.cursor.CursorFile;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.RecordedEvent;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The checks both OTLP receivers (HTTP and gRPC) make on what they decoded: resource, scope and every field of every
 * log record against the journal.
 */
final class OtlpChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OtlpChecks() {}

  static List<LogRecord> logs(List<ResourceLogs> accepted) {
    return accepted.stream().flatMap(r -> r.getScopeLogsList().stream()).flatMap(s -> s.getLogRecordsList().stream()).toList();
  }

  static Map<String, AnyValue> attrs(List<KeyValue> kvs) {
    Map<String, AnyValue> m = new HashMap<>();
    kvs.forEach(kv -> m.put(kv.getKey(), kv.getValue()));
    return m;
  }

  static long seq(LogRecord l) {
    return attrs(l.getAttributesList()).get("aiaudit.seq").getIntValue();
  }

  /** seq → the aiaudit.hash of each copy received. */
  static Map<Long, List<String>> hashesBySeq(List<ResourceLogs> accepted) {
    Map<Long, List<String>> m = new TreeMap<>();
    for (LogRecord l : logs(accepted)) {
      Map<String, AnyValue> a = attrs(l.getAttributesList());
      m.computeIfAbsent(a.get("aiaudit.seq").getIntValue(), k -> new CopyOnWriteArrayList<>()).add(a.get("aiaudit.hash").getStringValue());
    }
    return m;
  }

  /** Resource {@code host.name}/{@code service.name} and scope of every batch. */
  static void checkResources(List<ResourceLogs> accepted, String host) {
    assertThat(accepted).isNotEmpty();
    for (ResourceLogs rl : accepted) {
      Map<String, AnyValue> res = attrs(rl.getResource().getAttributesList());
      assertThat(res.get("host.name").getStringValue()).isEqualTo(host);
      assertThat(res.get("service.name").getStringValue()).isEqualTo("ai-audit");
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        assertThat(sl.getScope().getName()).isEqualTo("dev.aiaudit.export");
      }
    }
  }

  /**
   * Every field of every log record (received once each, in seq order) against what the journal recorded: times,
   * severity, event name, the chain (hash and prev_hash), the OCSF and process attributes, the OCSF JSON body.
   */
  static void checkFields(List<LogRecord> logs, List<RecordedEvent> written) throws Exception {
    Map<Long, RecordedEvent> bySeq = written.stream().collect(Collectors.toMap(RecordedEvent::seq, r -> r));
    String prev = CursorFile.ZERO_HASH;
    for (LogRecord l : logs) {
      Map<String, AnyValue> a = attrs(l.getAttributesList());
      long seq = a.get("aiaudit.seq").getIntValue();
      RecordedEvent r = bySeq.get(seq);
      FileEvent f = (FileEvent) r.event();
      assertThat(l.getTimeUnixNano()).isEqualTo(f.timeNs());
      assertThat(l.getObservedTimeUnixNano()).isPositive();
      assertThat(l.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_INFO);
      assertThat(l.getSeverityText()).isEqualTo("informational");
      assertThat(l.getEventName()).isEqualTo("ocsf.1001");
      assertThat(a.get("aiaudit.hash").getStringValue()).isEqualTo(r.hash());
      assertThat(a.get("aiaudit.prev_hash").getStringValue()).isEqualTo(prev);
      assertThat(a.get("ocsf.class_uid").getIntValue()).isEqualTo(1001);
      assertThat(a.get("ocsf.activity_id").getIntValue()).isEqualTo(f.activity().activityId());
      assertThat(a.get("ocsf.severity_id").getIntValue()).isEqualTo(1);
      assertThat(a.get("aiaudit.asset_kind").getStringValue()).isEqualTo(f.asset().id());
      assertThat(a.get("aiaudit.activity").getStringValue()).isEqualTo(f.activity().id());
      assertThat(a.get("file.path").getStringValue()).isEqualTo(f.path());
      assertThat(a.get("process.pid").getIntValue()).isEqualTo(f.process().pid());
      assertThat(a.get("process.executable.path").getStringValue()).isEqualTo(f.process().exe());
      assertThat(a.get("user.id").getStringValue()).isEqualTo(Integer.toString(f.process().uid()));
      assertThat(a.get("user.name").getStringValue()).isEqualTo(f.process().user());
      assertThat(a.get("container.id").getStringValue()).isEqualTo(f.process().containerId());
      assertThat(a.get("k8s.pod.uid").getStringValue()).isEqualTo(f.process().podUid());
      JsonNode body = JSON.readTree(l.getBody().getStringValue());
      assertThat(body.path("class_uid").asInt()).isEqualTo(1001);
      assertThat(body.path("file").path("path").asText()).isEqualTo(f.path());
      assertThat(body.path("unmapped").path("time_ns").asLong()).isEqualTo(f.timeNs());
      prev = r.hash();
    }
  }
}
