package dev.aiaudit.export.otlp;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real OTLP/gRPC logs collector on loopback (grpc-java over Netty, h2c or TLS): it decodes each
 * {@code LogsService/Export} request, and can be told to answer UNAVAILABLE or to answer late.
 */
final class GrpcCollector implements AutoCloseable {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> ENCODING = Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);

  final List<ResourceLogs> accepted = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final List<String> encodings = new CopyOnWriteArrayList<>();
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger refuseNext = new AtomicInteger();
  final AtomicInteger refused = new AtomicInteger();
  /** Answers the next {@link #slowNext} calls only after this many milliseconds (then takes the batch). */
  final AtomicLong slowMillis = new AtomicLong();
  final AtomicInteger slowNext = new AtomicInteger();
  private final Server server;

  private GrpcCollector(Server server) {
    this.server = server;
  }

  /** Plaintext HTTP/2 (h2c) on {@code port} (0: any). */
  static GrpcCollector start(int port) throws Exception {
    return start(port, InsecureServerCredentials.create());
  }

  /** TLS with the certificate chain and PKCS#8 key given as PEM. */
  static GrpcCollector startTls(int port, byte[] certPem, byte[] keyPem) throws Exception {
    return start(port, TlsServerCredentials.create(new ByteArrayInputStream(certPem), new ByteArrayInputStream(keyPem)));
  }

  /** Mutual TLS: this server certificate, and only clients presenting a certificate of {@code clientPem}. */
  static GrpcCollector startMutualTls(int port, byte[] certPem, byte[] keyPem, byte[] clientPem) throws Exception {
    return start(port, TlsServerCredentials.newBuilder()
        .keyManager(new ByteArrayInputStream(certPem), new ByteArrayInputStream(keyPem))
        .trustManager(new ByteArrayInputStream(clientPem))
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build());
  }

  private static GrpcCollector start(int port, ServerCredentials creds) throws Exception {
    GrpcCollector[] self = new GrpcCollector[1];
    LogsServiceGrpc.LogsServiceImplBase service = new LogsServiceGrpc.LogsServiceImplBase() {
      @Override
      public void export(ExportLogsServiceRequest req, StreamObserver<ExportLogsServiceResponse> answer) {
        self[0].handle(req, answer);
      }
    };
    ServerInterceptor headers = new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata md, ServerCallHandler<Q, A> next) {
        String auth = md.get(AUTHORIZATION);
        self[0].authorizations.add(auth == null ? "" : auth);
        String enc = md.get(ENCODING);
        self[0].encodings.add(enc == null ? "identity" : enc);
        return next.startCall(call, md);
      }
    };
    Server s = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), creds)
        .addService(ServerInterceptors.intercept(service, headers))
        .build();
    self[0] = new GrpcCollector(s);
    s.start();
    return self[0];
  }

  private void handle(ExportLogsServiceRequest req, StreamObserver<ExportLogsServiceResponse> answer) {
    calls.incrementAndGet();
    if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      refused.incrementAndGet();
      answer.onError(Status.UNAVAILABLE.withDescription("collector busy (test)").asRuntimeException());
      return;
    }
    if (slowNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      try {
        Thread.sleep(slowMillis.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    accepted.addAll(req.getResourceLogsList());
    answer.onNext(ExportLogsServiceResponse.getDefaultInstance());
    answer.onCompleted();
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
