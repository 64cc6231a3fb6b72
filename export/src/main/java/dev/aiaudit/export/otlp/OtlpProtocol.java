package dev.aiaudit.export.otlp;

import java.net.URI;
import java.util.Locale;

/** How OTLP log records travel (the values of the OpenTelemetry {@code OTEL_EXPORTER_OTLP_PROTOCOL} setting). */
public enum OtlpProtocol {
  /** http/protobuf: POST to the logs URL ({@code http(s)://host:4318/v1/logs}), acknowledged by a 2xx answer. */
  HTTP_PROTOBUF("http/protobuf"),
  /**
   * gRPC: unary {@code LogsService/Export} to {@code http(s)://host:4317} (no path), acknowledged by status OK. Plain
   * {@code http://} is HTTP/2 without TLS (h2c, prior knowledge), as collectors listen on 4317.
   */
  GRPC("grpc");

  private final String id;

  OtlpProtocol(String id) {
    this.id = id;
  }

  /** The configuration value ({@code http/protobuf}, {@code grpc}). */
  public String id() {
    return id;
  }

  /** @throws IllegalArgumentException for anything but {@code http/protobuf} or {@code grpc} */
  public static OtlpProtocol parse(String s) {
    String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    for (OtlpProtocol p : values()) {
      if (p.id.equals(v)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown OTLP protocol '" + s + "' (expected http/protobuf or grpc"
        + (v.equals("http/json") ? "; http/json is not supported" : "") + ")");
  }

  /**
   * Checks that {@code endpoint} has the shape this protocol needs: an http(s) URL with a host; for http/protobuf
   * the full logs URL (a path, {@code /v1/logs} for a collector, another for a gateway; no fragment); for gRPC no
   * path, query or fragment (the service path is fixed).
   *
   * @throws IllegalArgumentException naming what is wrong and the likely fix
   */
  public void checkEndpoint(URI endpoint) {
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
      throw new IllegalArgumentException("'" + endpoint + "' is not an http(s) URL with a host");
    }
    String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
    switch (this) {
      case HTTP_PROTOBUF -> {
        // The full logs URL: a collector's is /v1/logs, a gateway's may be another path (kept: a proxy on its own path
        // is a real set-up); no path at all posts to "/" and is refused as the likely mistake it is.
        if (path.isEmpty() || path.equals("/") || endpoint.getRawFragment() != null) {
          throw new IllegalArgumentException("OTLP endpoint '" + endpoint + "' is not a logs URL: with protocol http/protobuf"
              + " it is the full URL, path included (e.g. http://collector:4318/v1/logs); for gRPC (port 4317, no path)"
              + " set protocol: grpc");
        }
      }
      case GRPC -> {
        if (!(path.isEmpty() || path.equals("/")) || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
          throw new IllegalArgumentException("OTLP endpoint '" + endpoint + "' has a path: with protocol grpc it is"
              + " http(s)://host:port only (e.g. http://collector:4317), the service path is fixed; for a /v1/logs URL set"
              + " protocol: http/protobuf");
        }
      }
    }
  }
}
