package dev.aiaudit.bench.admission;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A bounded closed-loop load driver for the webhook: {@code concurrency} workers send {@code requests}
 * AdmissionReview bodies (round-robin) over HTTPS with keep-alive and record each round trip. The client is
 * the JDK {@link HttpClient} ({@link Client#JDK}) or one blocking TLS socket per worker ({@link Client#RAW}).
 */
public final class WebhookLoadDriver {

  /** Latency percentiles in microseconds and throughput. */
  public record Result(int requests, int concurrency, int errors, double p50Micros, double p90Micros,
      double p99Micros, double maxMicros, double requestsPerSecond) {

    public String describe() {
      return String.format(java.util.Locale.ROOT,
          "requests=%d concurrency=%d errors=%d p50=%.3f ms p90=%.3f ms p99=%.3f ms max=%.3f ms throughput=%.0f req/s",
          requests, concurrency, errors, p50Micros / 1000, p90Micros / 1000, p99Micros / 1000, maxMicros / 1000,
          requestsPerSecond);
    }
  }

  /** Which HTTP client sends the requests. */
  public enum Client { JDK, RAW }

  private WebhookLoadDriver() {}

  /** Runs with the JDK HttpClient. */
  public static Result run(URI uri, SSLContext ssl, List<byte[]> bodies, int requests, int concurrency, int warmup)
      throws Exception {
    return run(Client.JDK, uri, ssl, bodies, requests, concurrency, warmup);
  }

  /** Runs {@code warmup} untimed requests, then {@code requests} timed ones. */
  public static Result run(Client kind, URI uri, SSLContext ssl, List<byte[]> bodies, int requests,
      int concurrency, int warmup) throws Exception {
    if (kind == Client.RAW) {
      return runRaw(uri, ssl, bodies, requests, concurrency, warmup);
    }
    HttpClient client = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    try (client) {
      drive(client, uri, bodies, warmup, concurrency, new long[warmup]);
      long[] latencies = new long[requests];
      long start = System.nanoTime();
      int errors = drive(client, uri, bodies, requests, concurrency, latencies);
      double seconds = (System.nanoTime() - start) / 1e9;
      Arrays.sort(latencies);
      return new Result(requests, concurrency, errors, pct(latencies, 0.50), pct(latencies, 0.90),
          pct(latencies, 0.99), latencies[latencies.length - 1] / 1e3, requests / seconds);
    }
  }

  private static int drive(HttpClient client, URI uri, List<byte[]> bodies, int total, int concurrency,
      long[] latencies) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
      List<Future<?>> workers = new java.util.ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        workers.add(pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < total) {
            HttpRequest req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i % bodies.size()))).build();
            long t0 = System.nanoTime();
            HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            latencies[i] = (System.nanoTime() - t0);
            if (resp.statusCode() != 200) {
              errors.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    }
    return errors.get();
  }

  private static Result runRaw(URI uri, SSLContext ssl, List<byte[]> bodies, int requests, int concurrency,
      int warmup) throws Exception {
    List<RawHttpsConnection> conns = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < concurrency; i++) {
        conns.add(new RawHttpsConnection(uri, ssl));
      }
      driveRaw(conns, bodies, warmup, new long[warmup]);
      long[] latencies = new long[requests];
      long start = System.nanoTime();
      int errors = driveRaw(conns, bodies, requests, latencies);
      double seconds = (System.nanoTime() - start) / 1e9;
      Arrays.sort(latencies);
      return new Result(requests, concurrency, errors, pct(latencies, 0.50), pct(latencies, 0.90),
          pct(latencies, 0.99), latencies[latencies.length - 1] / 1e3, requests / seconds);
    } finally {
      for (RawHttpsConnection c : conns) {
        c.close();
      }
    }
  }

  private static int driveRaw(List<RawHttpsConnection> conns, List<byte[]> bodies, int total, long[] latencies)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(conns.size())) {
      List<Future<?>> workers = new java.util.ArrayList<>();
      for (RawHttpsConnection conn : conns) {
        workers.add(pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < total) {
            long t0 = System.nanoTime();
            int status = conn.post(bodies.get(i % bodies.size()));
            latencies[i] = System.nanoTime() - t0;
            if (status != 200) {
              errors.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    }
    return errors.get();
  }

  private static double pct(long[] sorted, double q) {
    int idx = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e3;
  }
}
