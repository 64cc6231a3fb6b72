package dev.aiaudit.server.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The OpenAPI 3 document of the API, shipped as a resource; a test holds it against the registered routes. */
final class OpenApi {
  private static final String DOC = load();

  private OpenApi() {}

  static String document() {
    return DOC;
  }

  private static String load() {
    try (InputStream in = OpenApi.class.getResourceAsStream("/dashboard/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("dashboard/openapi.json is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
