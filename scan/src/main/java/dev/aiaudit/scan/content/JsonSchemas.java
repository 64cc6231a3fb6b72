package dev.aiaudit.scan.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
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
 * The JSON Schemas bundled under {@code schemas/} (check files, profiles), compiled once, and validation returning JSON Pointers of the failing nodes.
 */
public final class JsonSchemas {
  public static final String CHECKS = "schemas/scan-checks.schema.json";
  public static final String PROFILE = "schemas/scan-profile.schema.json";

  private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private JsonSchemas() {}

  /** One violation: the JSON Pointer of the instance node and the validator's message. */
  public record Violation(String pointer, String message) {}

  /** Validates {@code node} against the bundled schema {@code resource}. */
  public static List<Violation> validate(String resource, JsonNode node) {
    JsonSchema schema = CACHE.computeIfAbsent(resource, JsonSchemas::load);
    return schema.validate(node).stream().map(JsonSchemas::toViolation).toList();
  }

  private static Violation toViolation(ValidationMessage e) {
    JsonNodePath path = e.getInstanceLocation();
    StringBuilder ptr = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      ptr.append('/').append(String.valueOf(path.getElement(i)).replace("~", "~0").replace("/", "~1"));
    }
    if (e.getProperty() != null && "additionalProperties".equals(e.getType())) {
      ptr.append('/').append(e.getProperty());
    }
    return new Violation(ptr.toString(), e.getMessage());
  }

  private static JsonSchema load(String resource) {
    try (InputStream in = JsonSchemas.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema not on class path: " + resource);
      }
      return FACTORY.getSchema(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
