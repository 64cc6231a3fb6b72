package dev.aiaudit.scan.content;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a Jackson tree plus the line and column of every node, keyed by JSON Pointer, so that
 * schema errors can point into the file. Scalars keep their text as written unless they are plain numbers
 * or booleans.
 */
public final class YamlDoc {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final String name;
  private final JsonNode root;
  private final Map<String, int[]> positions;
  private final List<String> lines;

  private YamlDoc(String name, JsonNode root, Map<String, int[]> positions, List<String> lines) {
    this.name = name;
    this.root = root;
    this.positions = positions;
    this.lines = lines;
  }

  /** Parses YAML {@code text}; a syntax error is a {@link ContentException} naming the position. */
  public static YamlDoc parse(String name, String text) {
    return parse(name, text, false);
  }

  /**
   * Parses {@code text} as YAML, or as JSON when {@code json} (the build-time compiled form of bundled content,
   * which parses several times faster); {@code name} is the source file named in errors.
   */
  public static YamlDoc parse(String name, String text, boolean json) {
    List<String> lines = text.lines().toList();
    Map<String, int[]> positions = new HashMap<>();
    try (JsonParser p = json ? Factories.JSON.createParser(text) : Factories.YAML.createParser(text)) {
      JsonToken t = p.nextToken();
      // compiled JSON was validated at build time: skip the position index (a pointer string per node)
      JsonNode root = t == null ? NODES.nullNode() : read(p, "", json ? null : positions);
      return new YamlDoc(name, root, positions, lines);
    } catch (IOException e) {
      int line = 1;
      int col = 1;
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null) {
        line = Math.max(1, jpe.getLocation().getLineNr());
        col = Math.max(1, jpe.getLocation().getColumnNr());
      }
      String msg = e.getMessage() == null ? "unreadable YAML" : e.getMessage().lines().findFirst().orElse("");
      throw new ContentException(List.of(new ContentIssue("YAML", name, line, col, msg,
          line <= lines.size() ? lines.get(line - 1) : "")));
    }
  }

  private static JsonNode read(JsonParser p, String pointer, Map<String, int[]> positions) throws IOException {
    if (positions != null) {
      JsonLocation loc = p.currentTokenLocation();
      positions.put(pointer, new int[] {loc.getLineNr(), loc.getColumnNr()});
    }
    switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode obj = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          if (positions == null) {
            p.nextToken();
            obj.set(key, read(p, null, null));
            continue;
          }
          String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
          JsonLocation kl = p.currentTokenLocation();
          p.nextToken();
          obj.set(key, read(p, child, positions));
          positions.put(child, new int[] {kl.getLineNr(), kl.getColumnNr()});
        }
        return obj;
      }
      case START_ARRAY -> {
        ArrayNode arr = NODES.arrayNode();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          arr.add(read(p, positions == null ? null : pointer + "/" + i++, positions));
        }
        return arr;
      }
      case VALUE_NUMBER_INT -> {
        return NODES.numberNode(p.getLongValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(p.getBooleanValue());
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> {
        return NODES.textNode(p.getText());
      }
    }
  }

  /** The tree as compact JSON (what the content compiler stores). */
  public String toJson() {
    return root.toString();
  }

  public String name() {
    return name;
  }

  public JsonNode root() {
    return root;
  }

  /** An issue located at the node with JSON Pointer {@code pointer} (or its nearest located parent). */
  public ContentIssue issue(String code, String pointer, String message) {
    String p = pointer;
    while (!positions.containsKey(p) && !p.isEmpty()) {
      p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
    }
    int[] pos = positions.getOrDefault(p, new int[] {1, 1});
    String src = pos[0] >= 1 && pos[0] <= lines.size() ? lines.get(pos[0] - 1) : "";
    return new ContentIssue(code, name, pos[0], pos[1], message, src);
  }

  /** Parser factories, created on first use (the YAML one is not needed when compiled content exists). */
  private static final class Factories {
    static final JsonFactory JSON = new JsonFactory();
    static final YAMLFactory YAML = new YAMLFactory();
  }
}
