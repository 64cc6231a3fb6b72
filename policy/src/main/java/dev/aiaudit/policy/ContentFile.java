package dev.aiaudit.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A parsed content file (JSON, or YAML by extension) with a map from JSON path to line:column, so
 * schema and compile issues can point at the source. Schemas live under {@code policies/schema/}.
 */
public final class ContentFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

  /**
   * Limit on one line of a YAML file: the YAML parser takes time that grows faster than the length of one
   * scalar, so a 10 MB line would take minutes. JSON is parsed in linear time and has no such limit.
   */
  public static final int MAX_YAML_LINE_CHARS = 128 * 1024;

  private final String name;
  private final JsonNode root;
  private final String[] lines;
  private final Map<String, int[]> locations;

  private ContentFile(String name, JsonNode root, String text, Map<String, int[]> locations) {
    this.name = name;
    this.root = root;
    this.lines = text.split("\r?\n", -1);
    this.locations = locations;
  }

  /** Parses {@code bytes}; a syntax error becomes a POL002 issue in the exception. */
  public static ContentFile parse(String name, byte[] bytes) throws PolicyLoadException {
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    ObjectMapper mapper = yaml ? YAML : JSON;
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (yaml) {
      int lineNo = 0;
      for (String l : (Iterable<String>) text.lines()::iterator) {
        lineNo++;
        if (l.length() > MAX_YAML_LINE_CHARS) {
          throw new PolicyLoadException(List.of(new LoadIssue("POL002", name, "", lineNo, MAX_YAML_LINE_CHARS + 1,
              "line has " + l.length() + " characters (limit " + MAX_YAML_LINE_CHARS + ")", l)));
        }
      }
    }
    try {
      JsonNode root = mapper.readTree(bytes);
      if (root == null || root.isMissingNode()) {
        throw new PolicyLoadException(List.of(new LoadIssue("POL002", name, "$", 1, 1, "empty document", "")));
      }
      return new ContentFile(name, root, text, index(mapper.getFactory(), bytes));
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      int line = loc == null ? 0 : loc.getLineNr();
      int col = loc == null ? 0 : loc.getColumnNr();
      String[] ls = text.split("\r?\n", -1);
      String src = line > 0 && line <= ls.length ? ls[line - 1] : "";
      throw new PolicyLoadException(List.of(new LoadIssue("POL002", name, "", line, col,
          "not valid " + (yaml ? "YAML" : "JSON") + ": " + e.getOriginalMessage(), src)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  /**
   * This file's root wrapped as {@code {"name": id, "properties": root}} (a bare Azure properties
   * object), issue locations following the wrapped paths.
   */
  public ContentFile wrappedAsProperties(String id) {
    com.fasterxml.jackson.databind.node.ObjectNode env = JSON.createObjectNode().put("name", id);
    env.set("properties", root);
    Map<String, int[]> moved = new HashMap<>();
    locations.forEach((k, v) -> moved.put(k.equals("$") ? "$" : "$.properties" + k.substring(1), v));
    moved.put("$.properties", locations.get("$"));
    return new ContentFile(name, env, String.join("\n", lines), moved);
  }

  public JsonNode root() {
    return root;
  }

  /** An issue at a JSON path, located at the nearest known ancestor. */
  public LoadIssue issue(String code, String jsonPath, String message) {
    String p = jsonPath;
    int[] loc = null;
    while (loc == null && !p.isEmpty()) {
      loc = locations.get(p);
      p = parent(p);
    }
    if (loc == null) {
      return new LoadIssue(code, name, jsonPath, 0, 0, message, "");
    }
    String src = loc[0] <= lines.length ? lines[loc[0] - 1] : "";
    return new LoadIssue(code, name, jsonPath, loc[0], loc[1], message, src);
  }

  /** Validates against {@code policies/schema/<schema>}; each violation is a POL001 issue. */
  public List<LoadIssue> validate(String schema) {
    JsonSchema s = SCHEMAS.computeIfAbsent(schema, ContentFile::loadSchema);
    List<LoadIssue> out = new ArrayList<>();
    for (ValidationMessage m : s.validate(root)) {
      var loc = m.getInstanceLocation();
      String path = "$";
      for (int i = 0; i < loc.getNameCount(); i++) {
        Object el = loc.getElement(i);
        path = el instanceof Integer n ? JsonPaths.index(path, n) : JsonPaths.child(path, String.valueOf(el));
      }
      String msg = m.getError() != null ? m.getError() : m.getMessage();
      out.add(issue("POL001", path, "schema: " + msg));
    }
    out.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : a.message().compareTo(b.message()));
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

  private static String parent(String p) {
    if (p.equals("$")) {
      return "";
    }
    int dot = p.lastIndexOf('.');
    int br = p.lastIndexOf('[');
    int cut = Math.max(dot, br);
    return cut <= 0 ? "$" : p.substring(0, cut);
  }

  /** Streams the document once, recording where each value starts. */
  private static Map<String, int[]> index(JsonFactory factory, byte[] bytes) throws IOException {
    Map<String, int[]> out = new HashMap<>();
    Deque<String> paths = new ArrayDeque<>();
    Deque<int[]> counters = new ArrayDeque<>();
    String pendingName = null;
    try (JsonParser p = factory.createParser(bytes)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME) {
          pendingName = p.currentName();
          continue;
        }
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          paths.pop();
          counters.pop();
          continue;
        }
        String path;
        if (paths.isEmpty()) {
          path = "$";
        } else if (counters.peek()[0] >= 0) {
          path = JsonPaths.index(paths.peek(), counters.peek()[0]++);
        } else {
          path = JsonPaths.child(paths.peek(), pendingName);
        }
        JsonLocation loc = p.currentTokenLocation();
        out.putIfAbsent(path, new int[] {loc.getLineNr(), loc.getColumnNr()});
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          paths.push(path);
          counters.push(new int[] {t == JsonToken.START_ARRAY ? 0 : -1});
        }
      }
    }
    return out;
  }
}
