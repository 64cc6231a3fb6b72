package dev.aiaudit.bench.export;

import com.sun.net.httpserver.HttpServer;
import dev.aiaudit.cli.wiring.ExportWiring;
import dev.aiaudit.export.Exporter;
import dev.aiaudit.export.SinkTransport;
import dev.aiaudit.export.cursor.CursorFile;
import dev.aiaudit.export.kafka.KafkaTransport;
import dev.aiaudit.export.otlp.OtlpProtocol;
import dev.aiaudit.export.otlp.OtlpTransport;
import dev.aiaudit.export.syslog.Rfc5424;
import dev.aiaudit.export.syslog.SyslogProtocol;
import dev.aiaudit.export.syslog.SyslogTransport;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.model.Event;
import dev.aiaudit.testing.Events;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code java -jar bench/target/benchmarks.jar export [EVENTS] [KAFKA_BOOTSTRAP]}: writes EVENTS records to a
 * journal, then times one exporter with the default batching draining it from seq 1 into a loopback sink that
 * reads and discards (syslog over TCP, OTLP/HTTP, OTLP/gRPC; Kafka when a bootstrap server is given). Rows: sink, events,
 * seconds, events/s.
 */
public final class ExportBench {
  private ExportBench() {}

  public static List<String[]> run(long events, String kafka) throws Exception {
    Path tmp = Files.createTempDirectory("ai-audit-export-bench");
    List<String[]> rows = new ArrayList<>();
    try (Journal journal = Journal.open(tmp.resolve("journal"), JournalOptions.defaults())) {
      for (long i = 0; i < events; i += 4096) {
        List<Event> batch = new ArrayList<>(4096);
        for (long k = i; k < Math.min(events, i + 4096); k++) {
          batch.add(Events.sample(k, 1_767_225_600_000_000_000L + k));
        }
        journal.append(batch);
      }
      try (ServerSocket syslog = discardingTcp(); HttpCloser otlp = discardingHttp(); GrpcCloser grpc = discardingGrpc()) {
        rows.add(time("syslog-tcp", journal, tmp, events, new SyslogTransport("127.0.0.1", syslog.getLocalPort(), SyslogProtocol.TCP, null,
            new Rfc5424(13, "ai-audit", "bench"), 10_000)));
        rows.add(time("otlp-http (gzip)", journal, tmp, events, new OtlpTransport("http://127.0.0.1:" + otlp.port() + "/v1/logs", "bench",
            null, Map.of(), Duration.ofSeconds(30), "gzip")));
        rows.add(time("otlp-http (none)", journal, tmp, events, new OtlpTransport("http://127.0.0.1:" + otlp.port() + "/v1/logs", "bench",
            null, Map.of(), Duration.ofSeconds(30), "none")));
        rows.add(time("otlp-grpc (gzip)", journal, tmp, events, new OtlpTransport(OtlpProtocol.GRPC, "http://127.0.0.1:" + grpc.port(),
            "bench", null, Map.of(), Duration.ofSeconds(30), "gzip")));
        rows.add(time("otlp-grpc (none)", journal, tmp, events, new OtlpTransport(OtlpProtocol.GRPC, "http://127.0.0.1:" + grpc.port(),
            "bench", null, Map.of(), Duration.ofSeconds(30), "none")));
        if (kafka != null) {
          rows.add(time("kafka", journal, tmp, events, new KafkaTransport(kafka, "ai-audit-bench", Duration.ofSeconds(30), Map.of())));
        }
      }
    } finally {
      try (Stream<Path> s = Files.walk(tmp)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return rows;
  }

  private static String[] time(String name, Journal journal, Path tmp, long events, SinkTransport t) throws Exception {
    long start = System.nanoTime();
    try (Exporter ex = Exporter.builder(name.replaceAll("[^a-z]", ""), ExportWiring.source(journal), t,
        new CursorFile(tmp.resolve("export").resolve(name.replaceAll("[^a-z]", "") + ".cursor"))).build().start()) {
      if (!ex.awaitCaughtUp(Duration.ofMinutes(5))) {
        throw new IllegalStateException(name + " did not catch up: " + ex.stats());
      }
    }
    double s = (System.nanoTime() - start) / 1e9;
    return new String[] {name, Long.toString(events), String.format("%.2f", s), String.format("%,.0f", events / s)};
  }

  /** A loopback TCP server that reads and discards (the ingest driver's exporter row uses it too). */
  public static ServerSocket discardingTcp() throws Exception {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon(true).start(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread.ofPlatform().daemon(true).start(() -> {
            try (s; InputStream in = s.getInputStream()) {
              in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (Exception e) {
              // client gone
            }
          });
        } catch (Exception e) {
          return;
        }
      }
    });
    return server;
  }

  private record HttpCloser(HttpServer server, java.util.concurrent.ExecutorService executor) implements AutoCloseable {
    int port() {
      return server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow(); // its threads are not daemons: left running, they kept the JVM alive after the table
    }
  }

  private static HttpCloser discardingHttp() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/v1/logs", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(2);
    server.setExecutor(executor);
    server.start();
    return new HttpCloser(server, executor);
  }

  private record GrpcCloser(io.grpc.Server server) implements AutoCloseable {
    int port() {
      return server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
      server.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /**
   * A loopback gRPC server (h2c) answering {@code LogsService/Export} with an empty response after reading and
   * discarding the request bytes (no protobuf decoding, as the HTTP receiver does not decode either).
   */
  private static GrpcCloser discardingGrpc() throws Exception {
    io.grpc.MethodDescriptor.Marshaller<byte[]> drain = new io.grpc.MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(byte[] value) {
        return new java.io.ByteArrayInputStream(value);
      }

      @Override
      public byte[] parse(InputStream in) {
        try (in) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return new byte[0];
      }
    };
    String service = "opentelemetry.proto.collector.logs.v1.LogsService";
    io.grpc.MethodDescriptor<byte[], byte[]> export = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(service, "Export"))
        .setRequestMarshaller(drain).setResponseMarshaller(drain).build();
    io.grpc.ServerServiceDefinition def = io.grpc.ServerServiceDefinition.builder(service)
        .addMethod(export, io.grpc.stub.ServerCalls.asyncUnaryCall((req, answer) -> {
          answer.onNext(new byte[0]); // an empty ExportLogsServiceResponse
          answer.onCompleted();
        }))
        .build();
    io.grpc.Server server = io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder
        .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), io.grpc.InsecureServerCredentials.create())
        .addService(def).build().start();
    return new GrpcCloser(server);
  }
}
