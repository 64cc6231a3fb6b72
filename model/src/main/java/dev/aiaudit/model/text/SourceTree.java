package dev.aiaudit.model.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The one position-tracking reader of input files: a YAML or JSON document read once by Jackson's streaming parser
 * into a tree, recording the line and column ({@link JsonLocation}) of every node under its path, so that a schema,
 * compile or binding error anywhere in the tree becomes a {@link Diagnostic} pointing into the file. Members are
 * located at their key, array elements and the root at their value. Used by the configuration loader, scan content
 * and policy content.
 */
public final class SourceTree {
  /**
   * Limit on one line of a YAML file: the YAML parser takes time that grows faster than the length of one scalar, so
   * a 10 MB line would take minutes. JSON is parsed in linear time and has no such limit.
   */
  public static final int MAX_YAML_LINE_CHARS = 128 * 1024;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String name;
  private final JsonNode root;
  private final List<String> lines;
  private final Map<String, int[]> positions;
  private final Options options;

  private SourceTree(String name, JsonNode root, List<String> lines, Map<String, int[]> positions, Options options) {
    this.name = name;
    this.root = root;
    this.lines = lines;
    this.positions = positions;
    this.options = options;
  }

  /**
   * Reads {@code text} (YAML when {@link Options#yaml()}, else JSON); {@code name} is the file named in diagnostics.
   * An empty document gives a {@link MissingNode} root.
   *
   * @throws DiagnosticException a syntax error (code {@link Options#syntaxCode()}) or a YAML line over
   *     {@value #MAX_YAML_LINE_CHARS} characters
   */
  public static SourceTree parse(String name, String text, Options options) {
    List<String> lines = text.lines().toList();
    if (options.yaml()) {
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i);
        if (l.length() > MAX_YAML_LINE_CHARS) {
          throw new DiagnosticException(new Diagnostic(Diagnostic.Level.ERROR, options.syntaxCode(), name, i + 1,
              MAX_YAML_LINE_CHARS + 1, "line has " + l.length() + " characters (limit " + MAX_YAML_LINE_CHARS + ")",
              "", l));
        }
      }
    }
    Map<String, int[]> positions = options.positions() ? new HashMap<>() : null;
    JsonFactory factory = options.yaml() ? Factories.YAML : Factories.JSON;
    try (JsonParser p = factory.createParser(text)) {
      JsonToken t = p.nextToken();
      SourceTree tree = new SourceTree(name, null, lines, positions == null ? Map.of() : positions, options);
      JsonNode root = t == null ? MissingNode.getInstance() : tree.read(p, options.style().root());
      return new SourceTree(name, root, lines, tree.positions, options);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      int line = loc == null ? 0 : Math.max(0, loc.getLineNr());
      int col = loc == null ? 0 : Math.max(0, loc.getColumnNr());
      String msg = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("unreadable");
      throw new DiagnosticException(new Diagnostic(Diagnostic.Level.ERROR, options.syntaxCode(), name, line, col,
          "not valid " + (options.yaml() ? "YAML" : "JSON") + ": " + msg, "",
          line >= 1 && line <= lines.size() ? lines.get(line - 1) : ""));
    } catch (IOException e) {
      throw new DiagnosticException(Diagnostic.error(options.syntaxCode(), name, 0, 0, "cannot read: " + e.getMessage()));
    }
  }

  private JsonNode read(JsonParser p, String path) throws IOException {
    if (!options.positions()) {
      return value(p, null);
    }
    JsonLocation loc = p.currentTokenLocation();
    positions.putIfAbsent(path, new int[] {loc.getLineNr(), loc.getColumnNr()});
    return value(p, path);
  }

  private JsonNode value(JsonParser p, String path) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode obj = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          if (path == null) {
            p.nextToken();
            obj.set(key, value(p, null));
            continue;
          }
          String child = options.style().child(path, key);
          JsonLocation kl = p.currentTokenLocation();
          positions.put(child, new int[] {kl.getLineNr(), kl.getColumnNr()});
          p.nextToken();
          obj.set(key, read(p, child));
        }
        return obj;
      }
      case START_ARRAY -> {
        ArrayNode arr = NODES.arrayNode();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          arr.add(path == null ? value(p, null) : read(p, options.style().index(path, i++)));
        }
        return arr;
      }
      case VALUE_NUMBER_INT -> {
        return options.exactNumbers() ? NODES.numberNode(p.getLongValue()) : switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return options.exactNumbers() ? NODES.textNode(p.getText()) : NODES.numberNode(p.getDoubleValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(p.getBooleanValue());
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      case VALUE_EMBEDDED_OBJECT -> {
        Object o = p.getEmbeddedObject();
        return o instanceof byte[] b ? NODES.binaryNode(b) : NODES.textNode(p.getText());
      }
      default -> {
        return NODES.textNode(p.getText());
      }
    }
  }

  public String name() {
    return name;
  }

  public JsonNode root() {
    return root;
  }

  /** Line {@code n} (1-based) of the file, {@code ""} when out of range. */
  public String line(int n) {
    return n >= 1 && n <= lines.size() ? lines.get(n - 1) : "";
  }

  /** The position {line, column} of the node at {@code path} or of its nearest located ancestor; null when none. */
  public int[] position(String path) {
    String p = path;
    while (p != null) {
      int[] pos = positions.get(p);
      if (pos != null) {
        return pos;
      }
      p = options.style().parent(p);
    }
    return null;
  }

  /** A diagnostic located at the node at {@code path} (or its nearest located ancestor), with its source line. */
  public Diagnostic diagnostic(Diagnostic.Level level, String code, String path, String message) {
    int[] pos = position(path);
    String shown = options.showPath() ? path : "";
    if (pos == null) {
      return new Diagnostic(level, code, name, 0, 0, message, shown, "");
    }
    return new Diagnostic(level, code, name, pos[0], pos[1], message, shown, line(pos[0]));
  }

  /** An error located at {@code path}. */
  public Diagnostic error(String code, String path, String message) {
    return diagnostic(Diagnostic.Level.ERROR, code, path, message);
  }

  /** The same file and positions with another root; {@code movePath} maps each recorded path to its new path. */
  public SourceTree rebased(JsonNode newRoot, UnaryOperator<String> movePath) {
    Map<String, int[]> moved = new HashMap<>();
    positions.forEach((k, v) -> moved.put(movePath.apply(k), v));
    return new SourceTree(name, newRoot, lines, moved, options);
  }

  /**
   * How to read a document.
   *
   * @param yaml YAML (else JSON)
   * @param style how paths are spelled in positions and diagnostics
   * @param exactNumbers integers as longs and decimals as the text written (scan content), else Jackson's number nodes
   * @param positions record positions (false for build-time compiled content, which was validated already)
   * @param showPath name the path in diagnostics
   * @param syntaxCode the code of a syntax error
   */
  public record Options(boolean yaml, PathStyle style, boolean exactNumbers, boolean positions, boolean showPath,
      String syntaxCode) {

    /** YAML, JSON Pointer paths, Jackson numbers, positions recorded, paths not shown. */
    public static Options yaml(String syntaxCode) {
      return new Options(true, PathStyle.JSON_POINTER, false, true, false, syntaxCode);
    }

    public Options json() {
      return new Options(false, style, exactNumbers, positions, showPath, syntaxCode);
    }

    public Options withStyle(PathStyle s, boolean show) {
      return new Options(yaml, s, exactNumbers, positions, show, syntaxCode);
    }

    public Options withExactNumbers() {
      return new Options(yaml, style, true, positions, showPath, syntaxCode);
    }

    public Options withoutPositions() {
      return new Options(yaml, style, exactNumbers, false, showPath, syntaxCode);
    }
  }

  /** The spelling of a path to a node. */
  public enum PathStyle {
    /** RFC 6901: {@code ""}, {@code /checks/3/id}. */
    JSON_POINTER {
      @Override
      public String root() {
        return "";
      }

      @Override
      public String child(String parent, String name) {
        return parent + "/" + name.replace("~", "~0").replace("/", "~1");
      }

      @Override
      public String index(String parent, int i) {
        return parent + "/" + i;
      }

      @Override
      public String parent(String path) {
        return path.isEmpty() ? null : path.substring(0, Math.max(0, path.lastIndexOf('/')));
      }
    },
    /** {@code $.a.b[0]['key.with.dots']}. */
    JSON_PATH {
      @Override
      public String root() {
        return "$";
      }

      @Override
      public String child(String parent, String name) {
        if (name.matches("[A-Za-z_$][A-Za-z0-9_$-]*")) {
          return parent + "." + name;
        }
        return parent + "['" + name.replace("'", "\\'") + "']";
      }

      @Override
      public String index(String parent, int i) {
        return parent + "[" + i + "]";
      }

      @Override
      public String parent(String path) {
        if (path.equals("$") || path.isEmpty()) {
          return null;
        }
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "$" : path.substring(0, cut);
      }
    };

    public abstract String root();

    public abstract String child(String parent, String name);

    public abstract String index(String parent, int i);

    /** The enclosing path, null above the root. */
    public abstract String parent(String path);
  }

  /** Parser factories, created on first use. */
  private static final class Factories {
    static final JsonFactory JSON = new JsonFactory();
    static final YAMLFactory YAML = new YAMLFactory();
  }
}
