package dev.aiaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.aiaudit.model.text.Diagnostic;
import dev.aiaudit.model.text.DiagnosticException;
import dev.aiaudit.model.text.SourceTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A content file (JSON, or YAML by extension) read through {@link SourceTree}, so schema and compile issues point at
 * the source ({@code $.path} JSON paths). Schemas live under {@code policies/schema/}.
 */
public final class ContentFile {
  private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
  private static final SourceTree.Options JSON =
      SourceTree.Options.yaml("POL002").json().withStyle(SourceTree.PathStyle.JSON_PATH, true);
  private static final SourceTree.Options YAML =
      SourceTree.Options.yaml("POL002").withStyle(SourceTree.PathStyle.JSON_PATH, true);

  /** See {@link SourceTree#MAX_YAML_LINE_CHARS}. */
  public static final int MAX_YAML_LINE_CHARS = SourceTree.MAX_YAML_LINE_CHARS;

  private final SourceTree tree;

  private ContentFile(SourceTree tree) {
    this.tree = tree;
  }

  /** Parses {@code bytes}; a syntax error becomes a POL002 issue in the exception. */
  public static ContentFile parse(String name, byte[] bytes) throws PolicyLoadException {
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    SourceTree tree;
    try {
      tree = SourceTree.parse(name, new String(bytes, StandardCharsets.UTF_8), yaml ? YAML : JSON);
    } catch (DiagnosticException e) {
      throw new PolicyLoadException(e.diagnostics());
    }
    if (tree.root().isMissingNode()) {
      throw new PolicyLoadException(List.of(PolicyLoadException.issue("POL002", name, "$", 1, 1, "empty document", "")));
    }
    return new ContentFile(tree);
  }

  public String name() {
    return tree.name();
  }

  /**
   * This file's root wrapped as {@code {"name": id, "properties": root}} (a bare Azure properties
   * object), issue locations following the wrapped paths.
   */
  public ContentFile wrappedAsProperties(String id) {
    ObjectNode env = JsonNodeFactory.instance.objectNode().put("name", id);
    env.set("properties", tree.root());
    return new ContentFile(tree.rebased(env, k -> k.equals("$") ? "$.properties" : "$.properties" + k.substring(1)));
  }

  public JsonNode root() {
    return tree.root();
  }

  /** An issue at a JSON path, located at the nearest known ancestor. */
  public Diagnostic issue(String code, String jsonPath, String message) {
    return tree.error(code, jsonPath, message);
  }

  /** Validates against {@code policies/schema/<schema>}; each violation is a POL001 issue. */
  public List<Diagnostic> validate(String schema) {
    JsonSchema s = SCHEMAS.computeIfAbsent(schema, ContentFile::loadSchema);
    List<Diagnostic> out = new ArrayList<>();
    for (ValidationMessage m : s.validate(tree.root())) {
      var loc = m.getInstanceLocation();
      String path = "$";
      for (int i = 0; i < loc.getNameCount(); i++) {
        Object el = loc.getElement(i);
        path = el instanceof Integer n ? JsonPaths.index(path, n) : JsonPaths.child(path, String.valueOf(el));
      }
      String msg = m.getError() != null ? m.getError() : m.getMessage();
      out.add(issue("POL001", path, "schema: " + msg));
    }
    out.sort(Comparator.comparingInt(Diagnostic::line).thenComparing(Diagnostic::message));
    return out;
  }

  private static JsonSchema loadSchema(String schema) {
    try (InputStream in = ContentFile.class.getResourceAsStream("/policies/schema/" + schema)) {
      if (in == null) {
        throw new IllegalStateException("schema missing: " + schema);
      }
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
