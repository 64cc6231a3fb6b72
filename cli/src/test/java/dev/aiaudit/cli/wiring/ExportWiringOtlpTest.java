package dev.aiaudit.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.cli.config.ExportConfig;
import dev.aiaudit.cli.config.ExportConfigLoader;
import dev.aiaudit.export.SinkTransport;
import dev.aiaudit.export.otlp.OtlpProtocol;
import dev.aiaudit.export.otlp.OtlpTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OTLP protocol key reaches the transport: http/protobuf by default, gRPC when asked. */
class ExportWiringOtlpTest {
  @TempDir Path dir;

  @Test
  void protocolKey_selectsTheTransport() throws Exception {
    Path f = Files.writeString(dir.resolve("ai-audit.yaml"), """
        export:
          sinks:
            - {name: http, type: otlp, endpoint: 'http://127.0.0.1:4318/v1/logs'}
            - {name: grpc, type: otlp, protocol: grpc, endpoint: 'http://127.0.0.1:4317/', compression: none}
        """);
    ExportConfig c = new ExportConfigLoader().load(f);
    try (SinkTransport http = ExportWiring.transport(c.sinks().get(0), "node-1");
        SinkTransport grpc = ExportWiring.transport(c.sinks().get(1), "node-1")) {
      assertThat(((OtlpTransport) http).protocol()).isEqualTo(OtlpProtocol.HTTP_PROTOBUF);
      assertThat(http.describe()).isEqualTo("otlp+http://127.0.0.1:4318/v1/logs");
      assertThat(((OtlpTransport) grpc).protocol()).isEqualTo(OtlpProtocol.GRPC);
      assertThat(grpc.describe()).isEqualTo("otlp-grpc+http://127.0.0.1:4317");
    }
  }
}
