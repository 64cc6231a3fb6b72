package dev.aiaudit.server.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.model.text.SafeText;
import dev.aiaudit.policy.admission.AdmissionReviews;
import dev.aiaudit.policy.admission.InvalidAdmissionReviewException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.security.KeyStore;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ValidatingAdmissionWebhook endpoint over HTTPS only: {@code POST /validate} takes an AdmissionReview v1
 * and answers with the decision of {@link AdmissionReviews}; {@code GET /healthz} answers {@code ok}. Bodies
 * over the limit get 413, malformed JSON and non-AdmissionReview bodies 400, an internal failure 500, each
 * with {@code {"error": "..."}}; none of them stops the server. Slow and numerous clients are bounded by
 * {@link WebhookLimits} (see {@link ConnectionGuard}); with a client CA, only clients holding a certificate it
 * signed complete the TLS handshake.
 */
public final class AdmissionWebhookServer implements AutoCloseable {

  public static final int DEFAULT_PORT = 8443;
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
  static final String PATH = "/validate";
  /** How much of an oversized body is read and thrown away before answering 413. */
  static final long DRAIN_LIMIT_BYTES = 8L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionWebhookServer.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final AdmissionReviews reviews;
  private final int maxBodyBytes;
  private final WebhookStats stats = new WebhookStats();
  private final Javalin app;
  private final AtomicReference<ServerConnector> connector = new AtomicReference<>();
  private final ConnectionGuard guard;

  private AdmissionWebhookServer(AdmissionReviews reviews, TlsMaterial tls, String host, int port, int maxBodyBytes,
      WebhookLimits limits, KeyStore clientCa) {
    this.reviews = Objects.requireNonNull(reviews, "reviews");
    this.maxBodyBytes = maxBodyBytes;
    this.guard = new ConnectionGuard(limits);
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.maxRequestSize = maxBodyBytes;
      // a request blocked reading a slow body parks a virtual thread, not one of a bounded pool
      config.concurrency.useVirtualThreads = true;
      config.jetty.addConnector((server, httpConfig) -> {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore());
        ssl.setKeyStorePassword(new String(tls.password()));
        if (clientCa != null) {
          ssl.setTrustStore(clientCa);
          ssl.setNeedClientAuth(true);
        }
        HttpConfiguration https = new HttpConfiguration(httpConfig);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients call by IP (the API server uses the service DNS name)
        https.addCustomizer(secure);
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
            new HttpConnectionFactory(https));
        c.setHost(host);
        c.setPort(port);
        c.setIdleTimeout(Math.max(limits.idleTimeout().toMillis(), limits.bodyTimeout().toMillis()) + 1000);
        c.addBean(guard);
        connector.set(c);
        return c;
      });
      config.routes.post(PATH, this::validate);
      config.routes.get("/healthz", ctx -> ctx.result("ok"));
      config.routes.before(ctx -> guard.started(remote(ctx)));
      config.routes.after(ctx -> guard.finished(remote(ctx)));
    });
  }

  /** Starts a server on {@code host:port} (port 0 picks a free one) with the default limits, no client TLS. */
  public static AdmissionWebhookServer start(AdmissionReviews reviews, TlsMaterial tls, String host, int port,
      int maxBodyBytes) {
    return start(reviews, tls, host, port, maxBodyBytes, WebhookLimits.DEFAULTS, null);
  }

  /**
   * Starts a server on {@code host:port} (port 0 picks a free one).
   *
   * @param clientCa when not null, every client must present a certificate that chains to one of these
   *     (mutual TLS); others fail the handshake
   */
  public static AdmissionWebhookServer start(AdmissionReviews reviews, TlsMaterial tls, String host, int port,
      int maxBodyBytes, WebhookLimits limits, KeyStore clientCa) {
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    AdmissionWebhookServer s = new AdmissionWebhookServer(reviews, tls, host, port, maxBodyBytes,
        Objects.requireNonNull(limits, "limits"), clientCa);
    try {
      s.app.start();
    } catch (RuntimeException e) {
      s.guard.close();
      throw e;
    }
    return s;
  }

  private static SocketAddress remote(Context ctx) {
    return ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getRemoteSocketAddress();
  }

  /** Connections open now (TLS connections, handshakes included). */
  public int openConnections() {
    return guard.open();
  }

  /** The port actually bound. */
  public int port() {
    return connector.get().getLocalPort();
  }

  public WebhookStats stats() {
    return stats;
  }

  /**
   * Connections the server closed to protect itself: {@code refusedPerIp} (over the per-address limit),
   * {@code evicted} (the longest waiting, when all slots were taken), {@code headerTimeouts},
   * {@code bodyTimeouts} and {@code idleClosed} (keep-alive past the idle timeout).
   */
  public java.util.Map<String, Long> guardCounters() {
    return java.util.Map.of("refusedPerIp", guard.refusedPerIp.sum(), "evicted", guard.evicted.sum(),
        "headerTimeouts", guard.headerTimeouts.sum(), "bodyTimeouts", guard.bodyTimeouts.sum(),
        "idleClosed", guard.idleClosed.sum());
  }

  private void validate(Context ctx) {
    long started = System.nanoTime();
    ctx.contentType("application/json");
    try {
      byte[] body = readLimited(ctx);
      if (body == null) {
        error(ctx, 413, "request body exceeds " + maxBodyBytes + " bytes");
        return;
      }
      JsonNode review;
      try {
        review = MAPPER.readTree(body);
      } catch (JsonProcessingException e) {
        error(ctx, 400, "malformed JSON: " + e.getOriginalMessage());
        return;
      }
      JsonNode response = reviews.review(review);
      ctx.status(200).result(MAPPER.writeValueAsBytes(response));
      stats.answered(response.at("/response/allowed").asBoolean(), System.nanoTime() - started);
    } catch (InvalidAdmissionReviewException e) {
      error(ctx, 400, e.getMessage());
    } catch (IOException e) {
      if (guard.closedByGuard(remote(ctx))) {
        return; // counted by the guard (slow body); the connection is gone
      }
      LOG.warn("admission request failed: {}", SafeText.capped(String.valueOf(e.getMessage()), 200));
      error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
    } catch (RuntimeException e) {
      LOG.warn("admission request failed", e);
      error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
    }
  }

  /**
   * The body, or null when it is larger than the limit (checked on Content-Length, then while reading). An
   * oversized body is read and discarded up to {@link #DRAIN_LIMIT_BYTES}, so that the client, still sending,
   * sees the 413 instead of a reset connection; past that the connection is closed.
   */
  private byte[] readLimited(Context ctx) throws IOException {
    String declared = ctx.header("Content-Length");
    long length = -1;
    if (declared != null) {
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    try (InputStream in = ctx.req().getInputStream()) {
      if (length > maxBodyBytes) {
        drain(in);
        return null;
      }
      byte[] data = in.readNBytes(maxBodyBytes + 1);
      if (data.length > maxBodyBytes) {
        drain(in);
        return null;
      }
      return data;
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[16 * 1024];
    long total = 0;
    int n;
    while (total < DRAIN_LIMIT_BYTES && (n = in.read(buf)) > 0) {
      total += n;
    }
  }

  private void error(Context ctx, int status, String message) {
    stats.rejected(status);
    ctx.status(status).result(MAPPER.createObjectNode().put("error", message).toString());
  }

  @Override
  public void close() {
    try {
      app.stop();
    } finally {
      guard.close();
    }
  }
}
