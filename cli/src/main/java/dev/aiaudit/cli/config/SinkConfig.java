package dev.aiaudit.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One exporter under {@code export.sinks}.
 *
 * @param name names the cursor file ({@code [a-z0-9_-]}, at most 64 characters)
 * @param type {@code syslog}, {@code otlp} or {@code kafka}
 * @param protocol syslog: {@code tcp} (default), {@code tls}, or the lossy {@code udp}; OTLP: {@code http/protobuf}
 *     (default) or {@code grpc}
 * @param address syslog {@code host:port}
 * @param endpoint OTLP http/protobuf: the logs URL, {@code http(s)://host:port/v1/logs}; OTLP gRPC:
 *     {@code http(s)://host:port} (no path)
 * @param bootstrap Kafka: bootstrap servers, {@code host:port[,host:port]}
 * @param topic Kafka topic (default {@code ai-audit})
 * @param ca PEM file of the CA certificates to trust (syslog over TLS, https OTLP; default: the JDK's CAs)
 * @param facility syslog facility 0..23 (default 13, log audit)
 * @param headers OTLP: extra HTTP headers (gRPC: metadata)
 * @param compression OTLP: {@code gzip} (default) or {@code none}
 * @param properties Kafka: extra producer properties (security, client id); may not weaken acks or idempotence
 * @param timeout per-batch timeout (default 10s)
 * @param batchSize records per batch (default 512)
 * @param filter which records this sink gets (default: all)
 * @param cert syslog over TLS and OTLP to an https endpoint: PEM client certificate (chain, the client's first)
 *     presented to a server that asks for one (mutual TLS); needs {@code key}
 * @param key the client certificate's private key, unencrypted PKCS#8 PEM; needs {@code cert}
 */
public record SinkConfig(
    String name, Type type, String protocol, String address, URI endpoint, String bootstrap, String topic, PemFile ca,
    Integer facility, Map<String, String> headers, String compression, Map<String, String> properties, Duration timeout,
    Integer batchSize, FilterConfig filter, PemFile cert, PemFile key) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");

  /** The kinds of sink. */
  public enum Type {
    SYSLOG, OTLP, KAFKA;

    @JsonCreator
    public static Type parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown sink type '" + s + "' (expected syslog, otlp or kafka)");
      }
    }
  }

  /** A PEM file that exists and is readable when the configuration is loaded. */
  public record PemFile(Path path) {}

  /**
   * @param classes OCSF class_uid values (empty: all)
   * @param assetKinds asset kinds of file events (empty: all)
   * @param minSeverity lowest severity sent ({@code informational} .. {@code fatal}; default all)
   */
  public record FilterConfig(List<Integer> classes, List<String> assetKinds, String minSeverity) {
    public FilterConfig {
      classes = classes == null ? List.of() : List.copyOf(classes);
      assetKinds = assetKinds == null ? List.of() : List.copyOf(assetKinds);
      for (String k : assetKinds) {
        dev.aiaudit.model.AssetKind.parse(k);
      }
      if (minSeverity != null) {
        dev.aiaudit.export.Severity.parse(minSeverity);
      }
    }
  }

  public SinkConfig {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("sink name " + (name == null ? "is missing" : "'" + name + "' is not [a-z0-9_-]{1,64}")
          + " (it names the cursor file)");
    }
    if (type == null) {
      throw new IllegalArgumentException("sink '" + name + "': type is missing (syslog, otlp or kafka)");
    }
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    batchSize = batchSize == null ? 512 : batchSize;
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("sink '" + name + "': batch_size must be 1..100000");
    }
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    filter = filter == null ? new FilterConfig(null, null, null) : filter;
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("sink '" + name + "': " + (cert == null ? "key" : "cert") + " needs "
          + (cert == null ? "cert" : "key") + " (a client certificate and its private key, for mutual TLS)");
    }
    if (cert != null && !(type == Type.SYSLOG && "tls".equalsIgnoreCase(protocol)
        || type == Type.OTLP && endpoint != null && "https".equalsIgnoreCase(endpoint.getScheme()))) {
      throw new IllegalArgumentException("sink '" + name + "': cert and key (mutual TLS) are for syslog with protocol: tls"
          + " and for otlp with an https endpoint" + (type == Type.KAFKA ? " (Kafka: ssl.* properties)" : ""));
    }
    if (cert != null) {
      try {
        dev.aiaudit.export.Tls.client(null, java.nio.file.Files.readAllBytes(cert.path()), java.nio.file.Files.readAllBytes(key.path()));
      } catch (IllegalArgumentException | java.io.IOException | java.security.GeneralSecurityException e) {
        throw new IllegalArgumentException("sink '" + name + "': client certificate " + cert.path() + " / key " + key.path() + ": "
            + e.getMessage(), e);
      }
    }
    switch (type) {
      case SYSLOG -> {
        protocol = protocol == null ? "tcp" : protocol.toLowerCase(Locale.ROOT);
        dev.aiaudit.export.syslog.SyslogProtocol.parse(protocol);
        require(name, "address", address);
        if (!HOST_PORT.matcher(address).matches()) {
          throw new IllegalArgumentException("sink '" + name + "': address '" + address + "' is not host:port");
        }
        facility = facility == null ? 13 : facility;
        if (facility < 0 || facility > 23) {
          throw new IllegalArgumentException("sink '" + name + "': facility must be 0..23");
        }
      }
      case OTLP -> {
        protocol = protocol == null ? "http/protobuf" : protocol.trim().toLowerCase(Locale.ROOT);
        dev.aiaudit.export.otlp.OtlpProtocol p = dev.aiaudit.export.otlp.OtlpProtocol.parse(protocol);
        require(name, "endpoint", endpoint);
        try {
          p.checkEndpoint(endpoint);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("sink '" + name + "': " + e.getMessage(), e);
        }
        compression = compression == null ? "gzip" : compression;
        if (!compression.equals("gzip") && !compression.equals("none")) {
          throw new IllegalArgumentException("sink '" + name + "': compression must be gzip or none");
        }
      }
      case KAFKA -> {
        require(name, "bootstrap", bootstrap);
        for (String hp : bootstrap.split(",")) {
          if (!HOST_PORT.matcher(hp.trim()).matches()) {
            throw new IllegalArgumentException("sink '" + name + "': bootstrap entry '" + hp.trim() + "' is not host:port");
          }
        }
        topic = topic == null ? "ai-audit" : topic;
        if (!topic.matches("[A-Za-z0-9._-]{1,249}")) {
          throw new IllegalArgumentException("sink '" + name + "': topic '" + topic + "' is not a valid Kafka topic name");
        }
        for (String k : List.of("acks", "enable.idempotence", "key.serializer", "value.serializer")) {
          if (properties.containsKey(k)) {
            throw new IllegalArgumentException("sink '" + name + "': property '" + k + "' is fixed (acks=all, idempotent, byte arrays)");
          }
        }
      }
      default -> throw new IllegalStateException();
    }
  }

  private static void require(String name, String key, Object v) {
    if (v == null) {
      throw new IllegalArgumentException("sink '" + name + "': " + key + " is missing");
    }
  }
}
