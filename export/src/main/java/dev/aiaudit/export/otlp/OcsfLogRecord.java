package dev.aiaudit.export.otlp;

import dev.aiaudit.export.ExportRecord;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.Body;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.charset.StandardCharsets;

/** One journal record as an OTLP log record (frozen data, handed straight to the OTLP exporter). */
record OcsfLogRecord(Resource resource, InstrumentationScopeInfo scope, long observedNs, ExportRecord record, String body,
    Attributes attributes) implements LogRecordData {

  static OcsfLogRecord of(Resource resource, InstrumentationScopeInfo scope, long observedNs, ExportRecord r) {
    return new OcsfLogRecord(resource, scope, observedNs, r, new String(r.ocsf(), StandardCharsets.UTF_8), OtlpAttributes.of(r));
  }

  /** OCSF severity_id to the OpenTelemetry severity number. */
  static Severity severity(int ocsf) {
    return switch (ocsf) {
      case 1 -> Severity.INFO;
      case 2 -> Severity.INFO4;
      case 3 -> Severity.WARN;
      case 4 -> Severity.ERROR;
      case 5 -> Severity.FATAL;
      case 6 -> Severity.FATAL4;
      default -> Severity.UNDEFINED_SEVERITY_NUMBER;
    };
  }

  @Override
  public Resource getResource() {
    return resource;
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return scope;
  }

  @Override
  public long getTimestampEpochNanos() {
    return record.event().timeNs();
  }

  @Override
  public long getObservedTimestampEpochNanos() {
    return observedNs;
  }

  @Override
  public SpanContext getSpanContext() {
    return SpanContext.getInvalid();
  }

  @Override
  public Severity getSeverity() {
    return severity(record.severityId());
  }

  @Override
  public String getSeverityText() {
    return dev.aiaudit.export.Severity.name(record.severityId());
  }

  @Override
  @SuppressWarnings("deprecation")
  public Body getBody() {
    return Body.string(body);
  }

  @Override
  public Value<?> getBodyValue() {
    return Value.of(body);
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public int getTotalAttributeCount() {
    return attributes.size();
  }

  @Override
  public String getEventName() {
    return "ocsf." + record.event().classUid();
  }
}
