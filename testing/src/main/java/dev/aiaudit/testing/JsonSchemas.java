package dev.aiaudit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON Schema (2020-12) validation of documents a test produced, against a schema on the class path: the findings
 * report ({@value #FINDINGS_REPORT}, shipped by the report module) or OSCAL assessment results ({@value #OSCAL_AR}).
 */
public final class JsonSchemas {
  public static final String FINDINGS_REPORT = "schemas/findings-report.schema.json";
  /** A subset of NIST OSCAL 1.1.2 assessment-results: required members, UUID, token and enum constraints. */
  public static final String OSCAL_AR = "schemas/oscal-assessment-results.schema.json";
  private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

  private JsonSchemas() {}

  /** Every violation of {@code doc} as {@code <instance path>: message}; empty when valid. */
  public static List<String> violations(String resource, JsonNode doc) {
    JsonSchema schema = CACHE.computeIfAbsent(resource, JsonSchemas::load);
    return schema.validate(doc).stream().map(ValidationMessage::toString).toList();
  }

  private static JsonSchema load(String resource) {
    try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema not on the class path: " + resource);
      }
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
