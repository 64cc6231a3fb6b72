package dev.aiaudit.server.dashboard;

import dev.aiaudit.server.admission.TlsMaterial;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The dashboard: REST API under {@code /api/v1}, its OpenAPI document at {@code /openapi.json}, server-rendered
 * pages kept live over Server-Sent Events ({@code /api/v1/stream}), and {@code /healthz}. Every route but
 * {@code /healthz}, the sign-in page and the static assets (script, style sheet, chart library) needs a token or a
 * session; binds to loopback unless told otherwise; request bodies are limited and each client address is
 * rate-limited.
 */
public final class DashboardServer implements AutoCloseable {
  public static final int DEFAULT_PORT = 8480;
  public static final String DEFAULT_BIND = "127.0.0.1";

  private final Javalin app;
  private final LiveFeed feed;
  private final Auth auth;
  private final RateLimiter limiter;
  private final boolean tls;
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().name("dashboard-sse-heartbeat").daemon(true).unstarted(r));
  private final AtomicReference<ServerConnector> connector = new AtomicReference<>();
  private final List<Page> pages = List.of(new OverviewPage(), new DeploymentsPage(), new AlertsPage(),
      new AccessesPage(), new HostsPage(), new GpuPage(), new EvidencePage());

  private DashboardServer(Builder b) {
    Queries q = new Queries(b.sources, PolicyControls.builtIn());
    this.feed = new LiveFeed(Topics::of);
    feed.listen(q::published);
    this.auth = new Auth(b.tokens, new Sessions(b.sessionLifetime, Clock.systemUTC()));
    this.limiter = new RateLimiter(b.requestsPerMinute);
    this.tls = b.tls != null;
    ApiRoutes api = new ApiRoutes(q, auth, b.evidence);
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.maxRequestSize = b.maxBodyBytes;
      config.concurrency.useVirtualThreads = true; // SSE clients each park one
      connector(config, b);
      config.staticFiles.enableWebjars();
      config.staticFiles.add(s -> {
        s.hostedPath = "/static";
        s.directory = "/dashboard/static";
        s.location = Location.CLASSPATH;
      });
      config.routes.before(ctx -> before(ctx));
      config.routes.get("/healthz", ctx -> ctx.result("ok"));
      config.routes.get("/openapi.json", auth.require(Role.VIEWER, ctx -> ctx.contentType("application/json")
          .result(OpenApi.document())));
      for (ApiRoutes.Route r : api.routes()) {
        config.routes.addHttpHandler(r.method(), r.path(), auth.require(r.role(), r.handler()));
      }
      config.routes.before("/api/v1/stream", ctx -> auth.check(ctx, Role.VIEWER));
      config.routes.sse("/api/v1/stream", client -> {
        feed.add(client);
        client.keepAlive();
      });
      for (Page p : pages) {
        config.routes.get(p.path(), ctx -> page(ctx, q, p));
      }
      config.routes.get("/login", ctx -> ctx.html(Layout.login(null)));
      config.routes.post("/login", this::login);
      config.routes.post("/logout", this::logout);
      config.routes.exception(ApiException.class, (e, ctx) -> refuse(ctx, e.status(), e.getMessage()));
      config.routes.exception(Exception.class, (e, ctx) -> refuse(ctx, 500, "internal error: " + e.getClass().getSimpleName()));
      config.routes.error(404, ctx -> {
        if (ctx.path().startsWith("/api/")) {
          ctx.contentType("application/json").result(ApiJson.error(404, "no such endpoint: " + ctx.method().name() + " "
              + dev.aiaudit.model.text.SafeText.capped(ctx.path(), 200)));
        }
      });
      config.routes.error(413, ctx -> ctx.contentType("application/json")
          .result(ApiJson.error(413, "request body exceeds " + b.maxBodyBytes + " bytes")));
    });
  }

  private void connector(JavalinConfig config, Builder b) {
    config.jetty.addConnector((server, httpConfig) -> {
      ServerConnector c;
      if (b.tls != null) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(b.tls.keyStore());
        ssl.setKeyStorePassword(new String(b.tls.password()));
        HttpConfiguration https = new HttpConfiguration(httpConfig);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
      } else {
        c = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
      }
      c.setHost(b.bind);
      c.setPort(b.port);
      connector.set(c);
      return c;
    });
  }

  private void before(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
    ctx.header("Cache-Control", "no-store");
    if (!ctx.path().equals("/healthz") && !limiter.tryAcquire(ctx.ip(), System.nanoTime())) {
      ctx.header("Retry-After", "10");
      throw new ApiException(429, "too many requests from " + ctx.ip() + "; slow down");
    }
  }

  private void page(Context ctx, Queries q, Page p) {
    Principal who = auth.resolve(ctx).orElse(null);
    if (who == null) {
      ctx.redirect("/login");
      return;
    }
    String content = p.content(q, ctx::queryParam, who);
    if ("1".equals(ctx.queryParam("fragment"))) {
      ctx.html(content);
    } else {
      ctx.html(Layout.page(pages, p, content, p.topics(q), who));
    }
  }

  private void login(Context ctx) {
    var p = auth.tokens().authenticate(ctx.formParam("token"));
    if (p.isEmpty()) {
      ctx.status(401).html(Layout.login("unknown token"));
      return;
    }
    String session = auth.sessions().open(p.get());
    Cookie c = new Cookie(Sessions.COOKIE, session, "/", (int) auth.sessions().lifetime().toSeconds(), tls, true, null,
        SameSite.STRICT);
    ctx.cookie(c);
    ctx.redirect("/");
  }

  private void logout(Context ctx) {
    String id = ctx.cookie(Sessions.COOKIE);
    Principal p = auth.sessions().lookup(id).orElse(null);
    if (p != null && !p.csrf().equals(ctx.formParam("csrf"))) {
      throw new ApiException(403, "missing or wrong CSRF token");
    }
    auth.sessions().close(id);
    ctx.removeCookie(Sessions.COOKIE, "/");
    ctx.redirect("/login");
  }

  private static void refuse(Context ctx, int status, String message) {
    String path;
    try {
      path = ctx.path();
    } catch (RuntimeException e) {
      return; // the client is gone (a closed live-feed connection): nobody to answer
    }
    boolean api = path.startsWith("/api/") || path.equals("/openapi.json") || ctx.header("Authorization") != null;
    if (!api && status == 401) {
      ctx.redirect("/login");
      return;
    }
    if (api) {
      ctx.status(status).contentType("application/json").result(ApiJson.error(status, message));
    } else {
      ctx.status(status).html("<!doctype html><title>ai-audit</title><p class=\"error\">" + Html.esc(message) + "</p>");
    }
  }

  /** Starts it (port 0 picks a free port). */
  public DashboardServer start() {
    app.start();
    heartbeat.scheduleAtFixedRate(feed::heartbeat, 15, 15, TimeUnit.SECONDS);
    return this;
  }

  public int port() {
    return connector.get().getLocalPort();
  }

  /** {@code http(s)://bind:port/}. */
  public String url() {
    String host = connector.get().getHost();
    return (tls ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
  }

  /** The live feed: tell it about indexed batches. */
  public LiveFeed feed() {
    return feed;
  }

  /** Requests refused by the rate limiter so far. */
  public long rateLimited() {
    return limiter.refused();
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    app.stop();
  }

  public static Builder builder(DashboardSources sources, TokenStore tokens) {
    return new Builder(sources, tokens);
  }

  /** Settings; every one has a safe default (loopback, 64 KiB bodies, 600 requests a minute per client). */
  public static final class Builder {
    private final DashboardSources sources;
    private final TokenStore tokens;
    private String bind = DEFAULT_BIND;
    private int port = DEFAULT_PORT;
    private int maxBodyBytes = 64 * 1024;
    private int requestsPerMinute = 600;
    private Duration sessionLifetime = Duration.ofHours(12);
    private TlsMaterial tls;
    private EvidenceExport evidence;

    private Builder(DashboardSources sources, TokenStore tokens) {
      this.sources = Objects.requireNonNull(sources, "sources");
      this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    public Builder bind(String bind) {
      this.bind = Objects.requireNonNull(bind, "bind");
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535: " + port);
      }
      this.port = port;
      return this;
    }

    public Builder maxBodyBytes(int n) {
      if (n < 1024) {
        throw new IllegalArgumentException("body limit must be at least 1024 bytes: " + n);
      }
      this.maxBodyBytes = n;
      return this;
    }

    public Builder requestsPerMinute(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("rate limit must be positive: " + n);
      }
      this.requestsPerMinute = n;
      return this;
    }

    public Builder sessionLifetime(Duration d) {
      this.sessionLifetime = Objects.requireNonNull(d, "sessionLifetime");
      return this;
    }

    /** Serve HTTPS with this key and certificate ({@code null}: plain HTTP, fit for loopback only). */
    public Builder tls(TlsMaterial tls) {
      this.tls = tls;
      return this;
    }

    /** Builds the evidence packs of {@code GET /api/v1/evidence} ({@code null}, the default: that route answers 503). */
    public Builder evidence(EvidenceExport evidence) {
      this.evidence = evidence;
      return this;
    }

    public DashboardServer build() {
      return new DashboardServer(this);
    }
  }
}
