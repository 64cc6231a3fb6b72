package dev.aiaudit.server.dashboard;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.EventStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A dashboard on port 0 over a real DuckDB index in a temp directory. Records are added with increasing seqs (the
 * journal is the cli's: here each appended record gets seq + SHA-256 like the journal's chain would).
 */
final class DashboardFixture implements AutoCloseable {
  static final String HOST = "node-1";

  final EventStore store;
  final TokenStore tokens = TokenStore.inMemory();
  final String admin = tokens.issue("admin", Role.ADMIN);
  final String viewer = tokens.issue("viewer", Role.VIEWER);
  final List<Event> journaled = new ArrayList<>();
  DashboardServer server;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private long seq;
  private long t0 = System.currentTimeMillis() * 1_000_000L - 3_600_000_000_000L;

  DashboardFixture(Path dir, Consumer<DashboardServer.Builder> settings) {
    this(dir, DashboardFixture::classUid, settings);
  }

  /** @param classUid the cli's class names ({@link #withGpu} adds the GPU class) */
  DashboardFixture(Path dir, java.util.function.ToIntFunction<String> classUid, Consumer<DashboardServer.Builder> settings) {
    store = EventStore.openDuckDb(dir.resolve("events.duckdb"));
    RecordSource source = RecordSource.over(HOST, store,
        s -> store.query(EventQuery.all()).stream().filter(r -> r.seq() == s).findFirst());
    DashboardSources src = new DashboardSources(HOST, source, classUid, e -> {
      journaled.add(e);
      add(e);
    }, ScanService.none(), () -> new VerifyStatus(true, seq, 1, seq, "00", ""));
    DashboardServer.Builder b = DashboardServer.builder(src, tokens).port(0);
    settings.accept(b);
    server = b.build().start();
  }

  /** The cli's names for the classes main knows (no gpu class here). */
  static int classUid(String c) {
    return switch (c) {
      case "file" -> 1001;
      case "process" -> 1007;
      case "sensor" -> 1008;
      case "finding" -> 2003;
      case "alert" -> 2004;
      default -> throw new IllegalArgumentException("unknown class '" + c + "'");
    };
  }

  /** As {@link #classUid}, with the GPU telemetry class (1099) this build records. */
  static int withGpu(String c) {
    return c.equals("gpu") ? dev.aiaudit.model.GpuEvent.CLASS_UID : classUid(c);
  }

  /** Continues the seqs of an index a previous fixture filled (a restart over the same files). */
  DashboardFixture continuingAt(long seq) {
    this.seq = seq;
    return this;
  }

  synchronized EventRow add(Event e) {
    seq++;
    RecordedEvent r = RecordedEvent.of(seq, sha256("record-" + seq), e);
    store.insert(List.of(r));
    store.flush();
    if (server != null) {
      server.feed().published(List.of(r)); // as the agent does after indexing
    }
    return new EventRow(r.seq(), r.hash(), e);
  }

  long nextTime() {
    t0 += 1_000_000_000L;
    return t0;
  }

  FileEvent access(String path, String exe) {
    ProcessInfo p = new ProcessInfo(4242, 1, 1000, "alice", exe, exe + " " + path, 0, null, null, null,
        dev.aiaudit.model.Attribution.EXACT, null);
    return FileEvent.of(nextTime(), HOST, FileActivity.READ, p, path, AssetKind.MODEL_WEIGHTS, "fanotify");
  }

  AlertEvent alert(EventRow cited, String message) {
    return new AlertEvent(nextTime(), HOST, "weights-read-unapproved", "Model weights read by a process outside the approved loaders",
        "desc", AlertSeverity.MEDIUM, List.of("T1005"), List.of(new AlertEvent.Citation(cited.seq(), cited.hash())), "g",
        0, message, "rules", null);
  }

  FindingEvent finding(String subject, String prev, String state, String message) {
    return new FindingEvent(nextTime(), HOST, subject, prev, state, message, "policy-watch");
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String token) throws Exception {
    return send("GET", path, token, null);
  }

  /** Signs in through the login form; returns {cookie header value, csrf token}. */
  String[] signIn(String token) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/login")))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString());
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError("no cookie: " + r));
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url("/"))).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
    String marker = "name=\"csrf-token\" content=\"";
    int i = page.body().indexOf(marker) + marker.length();
    return new String[] {cookie, page.body().substring(i, page.body().indexOf('"', i)), setCookie};
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
