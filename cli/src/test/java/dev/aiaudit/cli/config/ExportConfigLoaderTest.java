package dev.aiaudit.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportConfigLoaderTest {
  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path f = dir.resolve("ai-audit.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void load_everySinkType_andTheRestOfTheFileStillLoads() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    Path f = write("""
        data_dir: /var/lib/ai-audit
        export:
          backlog_threshold: 5000
          sinks:
            - name: siem
              type: syslog
              protocol: tls
              address: siem.example:6514
              ca: %s
              facility: 10
              filter:
                classes: [1008, 2003]
                min_severity: high
            - name: otel
              type: otlp
              endpoint: http://127.0.0.1:4318/v1/logs
              headers: {Authorization: "Bearer t"}
              timeout: 5s
            - name: fleet
              type: kafka
              bootstrap: k1:9092,k2:9092
              topic: audit.records
              filter:
                asset_kinds: [model_weights]
            - name: otel-grpc
              type: otlp
              protocol: grpc
              endpoint: https://collector.example:4317
              ca: %s
              compression: none
        """.formatted(ca, ca));
    ExportConfig e = new ExportConfigLoader().load(f);
    assertThat(e.backlogThreshold()).isEqualTo(5000);
    assertThat(e.sinks()).extracting(SinkConfig::name).containsExactly("siem", "otel", "fleet", "otel-grpc");
    SinkConfig siem = e.sinks().get(0);
    assertThat(siem.protocol()).isEqualTo("tls");
    assertThat(siem.ca().path()).isEqualTo(ca);
    assertThat(siem.facility()).isEqualTo(10);
    assertThat(siem.filter().classes()).containsExactly(1008, 2003);
    assertThat(siem.filter().minSeverity()).isEqualTo("high");
    assertThat(e.sinks().get(1).endpoint().toString()).isEqualTo("http://127.0.0.1:4318/v1/logs");
    assertThat(e.sinks().get(1).timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(e.sinks().get(1).compression()).isEqualTo("gzip");
    assertThat(e.sinks().get(1).protocol()).isEqualTo("http/protobuf");
    SinkConfig grpc = e.sinks().get(3);
    assertThat(grpc.protocol()).isEqualTo("grpc");
    assertThat(grpc.endpoint().toString()).isEqualTo("https://collector.example:4317");
    assertThat(grpc.ca().path()).isEqualTo(ca);
    assertThat(grpc.compression()).isEqualTo("none");
    assertThat(e.sinks().get(2).topic()).isEqualTo("audit.records");
    assertThat(e.sinks().get(2).filter().assetKinds()).containsExactly("model_weights");
    // the agent's own loader ignores the export section
    assertThat(new ConfigLoader().load(f).dataDir()).isEqualTo(Path.of("/var/lib/ai-audit"));
  }

  @Test
  void load_noExportSection_givesNone() throws Exception {
    assertThat(new ExportConfigLoader().load(write("data_dir: /x\n")).sinks()).isEmpty();
  }

  @Test
  void badSinks_areErrorsWithFileLineAndColumn() throws Exception {
    record Case(String yaml, int line, String message) {}
    Path pem = Files.writeString(dir.resolve("some.pem"), "-----BEGIN CERTIFICATE-----\n");
    String mtls = "export:\n  sinks:\n    - name: s\n      type: syslog\n      protocol: tls\n      address: h:6514\n";
    var cases = java.util.List.of(
        new Case(mtls + "      cert: " + pem + "\n", 7, "cert needs key"),
        new Case(mtls + "      key: " + pem + "\n", 7, "key needs cert"),
        new Case(mtls + "      cert: " + pem + "\n      key: " + pem + "\n", 8, "client certificate " + pem),
        new Case("export:\n  sinks:\n    - name: k\n      type: kafka\n      bootstrap: b:9092\n      cert: " + pem + "\n      key: " + pem + "\n",
            7, "are for syslog with protocol: tls and for otlp with an https endpoint (Kafka: ssl.* properties)"),
        new Case("export:\n  sinks:\n    - name: o\n      type: otlp\n      endpoint: http://c:4318/v1/logs\n      cert: " + pem
            + "\n      key: " + pem + "\n", 7, "and for otlp with an https endpoint"),
        new Case("export:\n  sinks:\n    - name: o\n      type: otlp\n      protocol: grpc\n      endpoint: https://c:4317\n      cert: "
            + pem + "\n      key: " + pem + "\n", 8, "client certificate " + pem),
        new Case("export:\n  sinks:\n    - name: a\n      type: carrier-pigeon\n      address: h:1\n", 4, "unknown sink type 'carrier-pigeon'"),
        new Case("export:\n  sinks:\n    - name: a\n      type: syslog\n      protocol: sctp\n      address: h:1\n", 6, "unknown syslog protocol 'sctp'"),
        new Case("export:\n  sinks:\n    - name: a\n      type: syslog\n      protocol: tls\n      address: h:1\n      ca: /nonexistent/ca.pem\n", 7,
            "certificate file /nonexistent/ca.pem does not exist"),
        new Case("export:\n  sinks:\n    - name: o\n      type: otlp\n      endpoint: ftp://collector/v1/logs\n", 5, "is not an http(s) URL"),
        new Case("export:\n  sinks:\n    - name: o\n      type: otlp\n", 4, "endpoint is missing"),
        new Case("export:\n  sinks:\n    - name: o\n      type: otlp\n      protocol: http/json\n      endpoint: http://c:4318/v1/logs\n", 6,
            "unknown OTLP protocol 'http/json'"),
        new Case("export:\n  sinks:\n    - name: o\n      type: otlp\n      protocol: tcp\n      endpoint: http://c:4318/v1/logs\n", 6,
            "unknown OTLP protocol 'tcp' (expected http/protobuf or grpc)"),
        new Case("export:\n  sinks:\n    - name: o\n      type: otlp\n      protocol: grpc\n      endpoint: http://c:4317/v1/logs\n", 6,
            "sink 'o': OTLP endpoint 'http://c:4317/v1/logs' has a path: with protocol grpc"),
        new Case("export:\n  sinks:\n    - name: o\n      type: otlp\n      endpoint: http://c:4317\n", 5,
            "sink 'o': OTLP endpoint 'http://c:4317' is not a logs URL"),
        new Case("export:\n  sinks:\n    - name: o\n      type: otlp\n      protocol: grpc\n      endpoint: grpc://c:4317\n", 6,
            "is not an http(s) URL"),
        new Case("export:\n  sinks:\n    - name: k\n      type: kafka\n      bootstrap: broker\n", 5, "'broker' is not host:port"),
        new Case("export:\n  sinks:\n    - name: k\n      type: kafka\n      bootstrap: b:9092\n      properties: {acks: '1'}\n", 6, "'acks' is fixed"),
        new Case("export:\n  sinks:\n    - name: k\n      type: kafka\n      bootstrap: b:9092\n      filter:\n        min_severity: loud\n", 7,
            "unknown severity 'loud'"),
        new Case("export:\n  sinks:\n    - name: k\n      type: kafka\n      bootstrap: b:9092\n      topik: x\n", 6, "unknown key 'topik'"),
        new Case("export:\n  sinks:\n    - name: Bad/Name\n      type: kafka\n      bootstrap: b:9092\n", 5, "is not [a-z0-9_-]"),
        new Case("export:\n  sinks:\n    - {name: a, type: otlp, endpoint: 'http://h/v1/logs'}\n    - {name: a, type: otlp, endpoint: 'http://h/v1/logs'}\n",
            4, "two sinks are named 'a'"));
    for (Case c : cases) {
      Path f = write(c.yaml());
      assertThatThrownBy(() -> new ExportConfigLoader().load(f)).as(c.yaml())
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("ERROR: " + f + ":")
          .hasMessageContaining(c.message())
          .satisfies(t -> {
            String[] parts = t.getMessage().split(":");
            int line = Integer.parseInt(parts[2]);
            assertThat(line).as(t.getMessage()).isBetween(3, c.line() + 1);
            assertThat(Integer.parseInt(parts[3])).isPositive();
          });
    }
  }
}
