package dev.aiaudit.export.otlp;

import dev.aiaudit.export.ExportRecord;
import dev.aiaudit.export.SinkTransport;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporterBuilder;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OTLP logs through the OpenTelemetry SDK: http/protobuf with {@link OtlpHttpLogRecordExporter} and the JDK HTTP
 * sender, or gRPC with {@link OtlpGrpcLogRecordExporter} and the OkHttp gRPC sender. A batch is acknowledged when the
 * collector answered 2xx (HTTP) or status OK (gRPC); the SDK's own retry is off, the
 * {@link dev.aiaudit.export.Exporter} retries from its cursor.
 *
 * <p>Both sender providers are on the class path (the OkHttp jar also offers an HTTP sender), so each builder is given
 * a {@link ComponentLoader} that yields exactly the provider it must use, rather than letting the SDK pick one.
 */
public final class OtlpTransport implements SinkTransport {
  private static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final String endpoint;
  private final OtlpProtocol protocol;
  private final LogRecordExporter exporter;
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
    this(OtlpProtocol.HTTP_PROTOBUF, endpoint, hostName, trustedCertificatesPem, headers, timeout, compression);
  }

  /**
   * @param protocol http/protobuf or gRPC
   * @param endpoint http/protobuf: the full logs URL ({@code http(s)://host:4318/v1/logs}); gRPC: {@code
   *     http(s)://host:4317} without a path ({@code http://} is h2c)
   * @param hostName resource attribute host.name
   * @param trustedCertificatesPem PEM CA certificates for https (null: the JDK's)
   * @param headers extra HTTP headers, or gRPC metadata (e.g. an authorization token)
   * @param timeout per batch (the whole call) and for connecting
   * @param compression {@code gzip} or {@code none}
   * @throws IllegalArgumentException when the endpoint does not fit the protocol ({@link OtlpProtocol#checkEndpoint})
   */
  public OtlpTransport(OtlpProtocol protocol, String endpoint, String hostName, byte[] trustedCertificatesPem,
      Map<String, String> headers, Duration timeout, String compression) {
    this(protocol, endpoint, hostName, trustedCertificatesPem, null, null, headers, timeout, compression);
  }

  /**
   * As above, presenting a client certificate to a collector that asks for one (mutual TLS, https endpoints only).
   *
   * @param clientKeyPem the client certificate's private key, unencrypted PKCS#8 PEM (null: no client certificate)
   * @param clientCertificatePem the client certificate chain, PEM, the client's first (null with the key)
   * @throws IllegalArgumentException also when only one of key and certificate is given, or they are given for a
   *     plaintext endpoint
   */
  public OtlpTransport(OtlpProtocol protocol, String endpoint, String hostName, byte[] trustedCertificatesPem,
      byte[] clientKeyPem, byte[] clientCertificatePem, Map<String, String> headers, Duration timeout,
      String compression) {
    URI uri = URI.create(endpoint);
    protocol.checkEndpoint(uri);
    if ((clientKeyPem == null) != (clientCertificatePem == null)) {
      throw new IllegalArgumentException("a client certificate needs its private key, and a key its certificate");
    }
    if (clientKeyPem != null && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("a client certificate (mutual TLS) needs an https endpoint, not " + endpoint);
    }
    this.protocol = protocol;
    this.timeout = timeout;
    if (protocol == OtlpProtocol.HTTP_PROTOBUF) {
      this.endpoint = endpoint;
      OtlpHttpLogRecordExporterBuilder b = OtlpHttpLogRecordExporter.builder()
          .setComponentLoader(only(HttpSenderProvider.class, new JdkHttpSenderProvider()))
          .setEndpoint(endpoint)
          .setTimeout(timeout)
          .setConnectTimeout(timeout)
          .setCompression(compression)
          .setRetryPolicy(null);
      if (trustedCertificatesPem != null) {
        b.setTrustedCertificates(trustedCertificatesPem);
      }
      if (clientKeyPem != null) {
        b.setClientTls(clientKeyPem, clientCertificatePem);
      }
      headers.forEach(b::addHeader);
      this.exporter = b.build();
    } else {
      // scheme://host[:port] only: the SDK appends the fixed service path
      this.endpoint = uri.getScheme() + "://" + uri.getRawAuthority();
      OtlpGrpcLogRecordExporterBuilder b = OtlpGrpcLogRecordExporter.builder()
          .setComponentLoader(only(GrpcSenderProvider.class, new NoDelayGrpcSender.Provider())) // TCP_NODELAY: see there
          .setEndpoint(this.endpoint)
          .setTimeout(timeout)
          .setConnectTimeout(timeout)
          .setCompression(compression)
          .setRetryPolicy(null);
      if (trustedCertificatesPem != null) {
        b.setTrustedCertificates(trustedCertificatesPem);
      }
      if (clientKeyPem != null) {
        b.setClientTls(clientKeyPem, clientCertificatePem);
      }
      headers.forEach(b::addHeader);
      this.exporter = b.build();
    }
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
      throw new IOException("OTLP export to " + endpoint + " failed" + why(rc.getFailureThrowable()), rc.getFailureThrowable());
    }
  }

  private static String why(Throwable t) {
    if (t == null) {
      return " (collector refused the batch)";
    }
    if (t instanceof FailedExportException.GrpcExportException g && g.failedWithResponse()) {
      GrpcResponse r = g.getResponse();
      return ": gRPC status " + r.getStatusCode() + (r.getStatusDescription() == null ? "" : " (" + r.getStatusDescription() + ")");
    }
    if (t instanceof FailedExportException.HttpExportException h && h.failedWithResponse()) {
      return ": HTTP " + h.getResponse().getStatusCode();
    }
    Throwable c = t.getCause() != null && t.getMessage() == null ? t.getCause() : t;
    return ": " + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
  }

  /** A loader that yields only {@code provider} for {@code spi}, and the class path's services for anything else. */
  private static <P> ComponentLoader only(Class<P> spi, P provider) {
    ComponentLoader all = ComponentLoader.forClassLoader(OtlpTransport.class.getClassLoader());
    return new ComponentLoader() {
      @Override
      public <T> Iterable<T> load(Class<T> type) {
        return type == spi ? List.of(type.cast(provider)) : all.load(type);
      }
    };
  }

  /** The protocol this transport speaks. */
  public OtlpProtocol protocol() {
    return protocol;
  }

  @Override
  public String describe() {
    return (protocol == OtlpProtocol.GRPC ? "otlp-grpc+" : "otlp+") + endpoint;
  }

  @Override
  public void close() {
    exporter.shutdown().join(5, TimeUnit.SECONDS);
  }
}
