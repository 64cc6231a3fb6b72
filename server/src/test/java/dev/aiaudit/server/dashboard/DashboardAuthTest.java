package dev.aiaudit.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.HandlerType;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint refuses a missing or wrong token and a viewer's write; the OpenAPI document lists exactly the routes. */
class DashboardAuthTest {
  @TempDir static Path dir;
  static DashboardFixture f;
  static List<ApiRoutes.Route> routes;

  @BeforeAll
  static void start() {
    f = new DashboardFixture(dir, b -> {});
    var cited = f.add(f.access("/models/a.safetensors", "/usr/bin/cat"));
    f.add(f.alert(cited, "cat read /models/a.safetensors"));
    routes = new ApiRoutes(null, null).routes();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static String concrete(String path) {
    return path.replace("{seq}", "2").replace("{name}", "nobody");
  }

  @Test
  void everyApiRoute_withoutToken_is401Json() throws Exception {
    for (ApiRoutes.Route r : routes) {
      HttpResponse<String> resp = f.send(r.method().name(), concrete(r.path()), null, "{}");
      assertThat(resp.statusCode()).as(r.method() + " " + r.path()).isEqualTo(401);
      assertThat(resp.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      assertThat(new ObjectMapper().readTree(resp.body()).path("error").asText()).contains("authentication required");
    }
    assertThat(f.get("/openapi.json", null).statusCode()).isEqualTo(401);
    assertThat(f.get("/api/v1/stream", null).statusCode()).isEqualTo(401);
  }

  @Test
  void everyApiRoute_withWrongToken_is401() throws Exception {
    String forged = f.admin.substring(0, f.admin.length() - 2) + (f.admin.endsWith("A") ? "BB" : "AA");
    for (ApiRoutes.Route r : routes) {
      for (String token : List.of(forged, "aia_", "Bearer", "x".repeat(300))) {
        HttpResponse<String> resp = f.send(r.method().name(), concrete(r.path()), token, "{}");
        assertThat(resp.statusCode()).as(r.method() + " " + r.path() + " with " + token).isEqualTo(401);
        assertThat(resp.body()).contains("invalid or expired token");
      }
    }
  }

  @Test
  void everyAdminRoute_withViewerToken_is403_andNothingIsWritten() throws Exception {
    int before = f.journaled.size();
    int tokensBefore = f.tokens.list().size();
    List<String> admin = new ArrayList<>();
    for (ApiRoutes.Route r : routes) {
      if (r.role() == Role.ADMIN) {
        admin.add(r.method() + " " + r.path());
        HttpResponse<String> resp = f.send(r.method().name(), concrete(r.path()), f.viewer,
            "{\"comment\":\"x\",\"name\":\"sneaky\",\"role\":\"admin\"}");
        assertThat(resp.statusCode()).as(r.method() + " " + r.path()).isEqualTo(403);
        assertThat(resp.body()).contains("the viewer role may not do this");
      }
    }
    // every write is admin-only
    assertThat(admin).containsExactlyInAnyOrder("POST /api/v1/alerts/{seq}/ack", "POST /api/v1/scans", "GET /api/v1/tokens",
        "POST /api/v1/tokens", "DELETE /api/v1/tokens/{name}");
    assertThat(f.journaled).hasSize(before);
    assertThat(f.tokens.list()).hasSize(tokensBefore);
  }

  @Test
  void everyViewerRoute_withViewerToken_answers() throws Exception {
    for (ApiRoutes.Route r : routes) {
      if (r.role() == Role.VIEWER) {
        HttpResponse<String> resp = f.get(concrete(r.path()), f.viewer);
        if (r.path().equals(EvidenceRoute.PATH)) { // this fixture holds no journal to build a pack from: says so
          assertThat(resp.statusCode()).as(resp.body()).isEqualTo(503);
          assertThat(resp.body()).contains("builds no evidence packs");
          continue;
        }
        assertThat(resp.statusCode()).as(r.path() + ": " + resp.body()).isIn(200, 409);
      }
    }
  }

  @Test
  void healthz_needsNoToken() throws Exception {
    assertThat(f.get("/healthz", null).body()).isEqualTo("ok");
  }

  @Test
  void openApiDocument_listsExactlyTheRegisteredRoutes() throws Exception {
    HttpResponse<String> resp = f.get("/openapi.json", f.viewer);
    assertThat(resp.statusCode()).isEqualTo(200);
    JsonNode doc = new ObjectMapper().readTree(resp.body());
    assertThat(doc.path("openapi").asText()).startsWith("3.");
    Set<String> documented = new TreeSet<>();
    for (Iterator<String> it = doc.path("paths").fieldNames(); it.hasNext(); ) {
      String path = it.next();
      doc.path("paths").path(path).fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path));
    }
    Set<String> served = new TreeSet<>();
    routes.forEach(r -> served.add(r.method().name() + " " + r.path()));
    served.addAll(List.of("GET /healthz", "GET /openapi.json", "GET /api/v1/stream"));
    assertThat(documented).isEqualTo(served);
    // the documented role matches the enforced one
    for (ApiRoutes.Route r : routes) {
      String role = doc.path("paths").path(r.path()).path(r.method().name().toLowerCase()).path("x-role").asText();
      assertThat(role).as(r.path()).isEqualTo(r.role().id());
    }
    // and a path the document does not list is a JSON 404, not a page
    HttpResponse<String> missing = f.get("/api/v1/nothing-here", f.viewer);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("\"error\"");
    assertThat(HandlerType.GET.name()).isEqualTo("GET");
  }
}
