package dev.aiaudit.export.otlp;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.SocketFactory;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.TlsVersion;
import okio.Buffer;
import okio.BufferedSink;

/**
 * The OTLP/gRPC sender: a unary call over OkHttp (HTTP/2; prior knowledge for {@code http://}, ALPN for {@code https://})
 * with {@code TCP_NODELAY} on every socket. The SDK's own OkHttp gRPC sender leaves Nagle's algorithm on and takes no
 * socket factory, so the last small frame of each call waited for the collector's delayed ACK: ≈ 32–65 ms per call,
 * 7,863–16,107 events/s on loopback where HTTP made 22,862–30,281 (docs/export.md). Retries are not done here: the
 * exporter retries from its cursor.
 */
final class NoDelayGrpcSender implements GrpcSender {

  /** Provides this sender to the SDK's gRPC exporter ({@code setComponentLoader}). */
  static final class Provider implements GrpcSenderProvider {
    @Override
    public GrpcSender createSender(GrpcSenderConfig config) {
      return new NoDelayGrpcSender(config);
    }
  }

  private static final MediaType GRPC = MediaType.get("application/grpc");

  private final OkHttpClient client;
  private final HttpUrl url;
  private final Compressor compressor;
  private final Supplier<Map<String, List<String>>> headers;
  private final boolean ownsExecutor;

  NoDelayGrpcSender(GrpcSenderConfig c) {
    URI endpoint = c.getEndpoint();
    this.url = HttpUrl.get(endpoint.resolve("/" + c.getFullMethodName()).toString());
    this.compressor = c.getCompressor();
    this.headers = c.getHeadersSupplier();
    ExecutorService executor = c.getExecutorService();
    this.ownsExecutor = executor == null;
    OkHttpClient.Builder b = new OkHttpClient.Builder()
        .dispatcher(executor == null ? new Dispatcher() : new Dispatcher(executor))
        .callTimeout(c.getTimeout())
        .connectTimeout(c.getConnectTimeout())
        .retryOnConnectionFailure(false)
        .socketFactory(new NoDelaySockets());
    if ("https".equalsIgnoreCase(endpoint.getScheme())) {
      b.protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
      if (c.getSslContext() != null && c.getTrustManager() != null) {
        b.sslSocketFactory(c.getSslContext().getSocketFactory(), c.getTrustManager());
      }
      List<String> tls = c.getEnabledProtocols();
      if (tls != null && !tls.isEmpty()) {
        b.connectionSpecs(List.of(new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS)
            .tlsVersions(tls.stream().map(TlsVersion::forJavaName).toArray(TlsVersion[]::new)).build()));
      }
    } else {
      b.protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    }
    this.client = b.build();
  }

  @Override
  public void send(MessageWriter message, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
    Request.Builder r = new Request.Builder().url(url);
    Map<String, List<String>> extra = headers == null ? null : headers.get();
    if (extra != null) {
      extra.forEach((name, values) -> values.forEach(v -> r.addHeader(name, v)));
    }
    r.addHeader("te", "trailers");
    r.addHeader("grpc-accept-encoding", "identity");
    if (compressor != null) {
      r.addHeader("grpc-encoding", compressor.getEncoding());
    }
    r.post(body(message));
    client.newCall(r.build()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        onError.accept(e);
      }

      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          byte[] framed = response.body().bytes(); // read to the end: the trailers follow the body
          String status = response.header("grpc-status"); // a trailers-only answer (an error) has it in the headers
          String text = response.header("grpc-message");
          if (status == null) {
            status = response.trailers().get("grpc-status");
            text = response.trailers().get("grpc-message");
          }
          GrpcStatusCode code = status == null ? (response.code() == 200 ? GrpcStatusCode.UNKNOWN : httpStatus(response.code()))
              : GrpcStatusCode.fromValue(parse(status));
          String description = text != null ? percentDecode(text)
              : status == null ? "HTTP " + response.code() + " without a grpc-status" : "";
          byte[] payload = framed.length >= 5 ? java.util.Arrays.copyOfRange(framed, 5, framed.length) : new byte[0];
          onResponse.accept(new Answer(code, description, payload));
        } catch (IOException | RuntimeException e) {
          onError.accept(e);
        }
      }
    });
  }

  /** The gRPC length-prefixed message: flag (1 = compressed), length, bytes. */
  private RequestBody body(MessageWriter message) {
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return GRPC;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        if (compressor == null) {
          sink.writeByte(0);
          sink.writeInt(message.getContentLength());
          message.writeMessage(sink.outputStream());
          return;
        }
        Buffer compressed = new Buffer();
        try (OutputStream out = compressor.compress(compressed.outputStream())) {
          message.writeMessage(out);
        }
        sink.writeByte(1);
        sink.writeInt((int) compressed.size());
        sink.writeAll(compressed);
      }
    };
  }

  private static int parse(String status) {
    try {
      return Integer.parseInt(status.trim());
    } catch (NumberFormatException e) {
      return GrpcStatusCode.UNKNOWN.getValue();
    }
  }

  /** The gRPC status for an HTTP answer without one (the gRPC HTTP/2 mapping). */
  private static GrpcStatusCode httpStatus(int http) {
    return switch (http) {
      case 400 -> GrpcStatusCode.INTERNAL;
      case 401 -> GrpcStatusCode.UNAUTHENTICATED;
      case 403 -> GrpcStatusCode.PERMISSION_DENIED;
      case 404 -> GrpcStatusCode.UNIMPLEMENTED;
      case 429, 502, 503, 504 -> GrpcStatusCode.UNAVAILABLE;
      default -> GrpcStatusCode.UNKNOWN;
    };
  }

  /** {@code grpc-message} is percent-encoded UTF-8. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
        out.write(Integer.parseInt(s, i + 1, i + 3, 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public CompletableResultCode shutdown() {
    client.dispatcher().cancelAll();
    if (ownsExecutor) {
      client.dispatcher().executorService().shutdownNow();
    }
    client.connectionPool().evictAll();
    return CompletableResultCode.ofSuccess();
  }

  /** A collector's answer. */
  private static final class Answer implements GrpcResponse {
    private final GrpcStatusCode code;
    private final String description;
    private final byte[] message;

    Answer(GrpcStatusCode code, String description, byte[] message) {
      this.code = code;
      this.description = description;
      this.message = message;
    }

    @Override
    public GrpcStatusCode getStatusCode() {
      return code;
    }

    @Override
    public String getStatusDescription() {
      return description;
    }

    @Override
    public byte[] getResponseMessage() {
      return message;
    }
  }

  /** Plain sockets with Nagle's algorithm off (TLS is layered on them by OkHttp). */
  private static final class NoDelaySockets extends SocketFactory {
    @Override
    public Socket createSocket() throws IOException {
      Socket s = new Socket();
      s.setTcpNoDelay(true);
      return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      Socket s = createSocket();
      s.connect(new java.net.InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      Socket s = createSocket();
      s.bind(new java.net.InetSocketAddress(localHost, localPort));
      s.connect(new java.net.InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      Socket s = createSocket();
      s.connect(new java.net.InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      Socket s = createSocket();
      s.bind(new java.net.InetSocketAddress(localAddress, localPort));
      s.connect(new java.net.InetSocketAddress(address, port));
      return s;
    }
  }
}
