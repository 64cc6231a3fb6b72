package dev.aiaudit.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route's own part of {@code GET /api/v1/evidence}: the range it hands the builder, the download headers, one build
 * at a time. (The pack itself is the cli's: built over a real journal and verified in the cli's EvidenceEndpointTest.)
 */
class EvidenceRouteTest {
  @TempDir Path dir;

  @Test
  void oneBuildAtATime_secondIs429_rangeAndHeadersPassedThrough() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> asked = new AtomicReference<>();
    try (DashboardFixture f = new DashboardFixture(dir, b -> b.evidence((since, until, all, out) -> {
      asked.set(since + " " + until + " " + all);
      started.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.write("PK-stand-in".getBytes(StandardCharsets.US_ASCII));
    }))) {
      CompletableFuture<HttpResponse<String>> first = f.http.sendAsync(HttpRequest.newBuilder(URI.create(
          f.url("/api/v1/evidence?since=2026-01-01T00:00:00Z&until=2026-01-31T00:00:00Z&records=all")))
          .header("Authorization", "Bearer " + f.viewer).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      HttpResponse<String> second = f.get("/api/v1/evidence", f.viewer);
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.headers().firstValue("Retry-After")).isPresent();
      assertThat(second.body()).contains("an evidence pack is being built");
      release.countDown();
      HttpResponse<String> r = first.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
      assertThat(r.headers().firstValue("Content-Disposition").orElse(""))
          .matches("attachment; filename=\"ai-audit-evidence-node-1-\\d{8}T\\d{6}Z\\.zip\"");
      assertThat(r.body()).isEqualTo("PK-stand-in");
      assertThat(asked.get()).isEqualTo("2026-01-01T00:00:00Z 2026-01-31T00:00:00Z true");
      // free again once the first is done; the default range is the last 30 days, cited records only
      HttpResponse<String> third = f.get("/api/v1/evidence", f.viewer);
      assertThat(third.statusCode()).isEqualTo(200);
      String[] parts = asked.get().split(" ");
      assertThat(java.time.Duration.between(Instant.parse(parts[0]), Instant.parse(parts[1])).toDays()).isEqualTo(30);
      assertThat(parts[2]).isEqualTo("false");
    }
  }

  @Test
  void builderFailsBeforeAnyByte_isA503NamingWhy() throws Exception {
    try (DashboardFixture f = new DashboardFixture(dir, b -> b.evidence((since, until, all, out) -> {
      throw new java.io.IOException("/var/lib/ai-audit/journal/keys/journal-ed25519.key: permission denied");
    }))) {
      HttpResponse<String> r = f.get("/api/v1/evidence", f.viewer);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      assertThat(r.body()).contains("cannot build the evidence pack").contains("permission denied");
      assertThat(f.get("/api/v1/evidence", f.viewer).statusCode()).as("the build slot is free again").isEqualTo(503);
    }
  }
}
