package dev.aiaudit.export.otlp;

import dev.aiaudit.export.ExportRecord;
import dev.aiaudit.export.SinkTransport;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OTLP/HTTP (protobuf) through the SDK's {@link OtlpHttpLogRecordExporter} with the JDK HTTP sender. A batch is
 * acknowledged when the collector answered 2xx; the SDK's own retry is off, the {@link dev.aiaudit.export.Exporter}
 * retries from its cursor.
 */
public final class OtlpTransport implements SinkTransport {
  private static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final String endpoint;
  private final OtlpHttpLogRecordExporter exporter;
  private final Resource resource;
  private final InstrumentationScopeInfo scope;
  private final Duration timeout;

  /**
   * @param endpoint full URL of the logs endpoint, e.g. {@code http://127.0.0.1:4318/v1/logs}
   * @param hostName resource attribute host.name
   * @param trustedCertificatesPem PEM CA certificates for https (null: the JDK's)
   * @param headers extra HTTP headers (e.g. an authorization token)
   */
  public OtlpTransport(String endpoint, String hostName, byte[] trustedCertificatesPem, Map<String, String> headers,
      Duration timeout, String compression) {
    this.endpoint = endpoint;
    this.timeout = timeout;
    OtlpHttpLogRecordExporterBuilder b = OtlpHttpLogRecordExporter.builder()
        .setEndpoint(endpoint)
        .setTimeout(timeout)
        .setConnectTimeout(timeout)
        .setCompression(compression)
        .setRetryPolicy(null);
    if (trustedCertificatesPem != null) {
      b.setTrustedCertificates(trustedCertificatesPem);
    }
    headers.forEach(b::addHeader);
    this.exporter = b.build();
    this.resource = Resource.create(Attributes.of(HOST_NAME, hostName, SERVICE_NAME, "ai-audit"));
    String v = OtlpTransport.class.getPackage().getImplementationVersion();
    this.scope = InstrumentationScopeInfo.builder("dev.aiaudit.export").setVersion(v == null ? "dev" : v).build();
  }

  @Override
  public void send(List<ExportRecord> batch) throws IOException {
    long now = System.currentTimeMillis() * 1_000_000L;
    List<LogRecordData> logs = new ArrayList<>(batch.size());
    for (ExportRecord r : batch) {
      logs.add(OcsfLogRecord.of(resource, scope, now, r));
    }
    CompletableResultCode rc = exporter.export(logs).join(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    if (!rc.isDone()) {
      throw new IOException("OTLP export to " + endpoint + " timed out after " + timeout.toMillis() + " ms");
    }
    if (!rc.isSuccess()) {
      Throwable t = rc.getFailureThrowable();
      throw new IOException("OTLP export to " + endpoint + " failed" + (t == null ? " (collector refused the batch)" : ": " + t.getMessage()), t);
    }
  }

  @Override
  public String describe() {
    return "otlp+" + endpoint;
  }

  @Override
  public void close() {
    exporter.shutdown().join(5, TimeUnit.SECONDS);
  }
}
