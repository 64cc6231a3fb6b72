package dev.aiaudit.cli.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aiaudit.model.text.Diagnostic;
import dev.aiaudit.model.text.DiagnosticException;
import dev.aiaudit.model.text.InputFiles;
import dev.aiaudit.model.text.SourceTree;
import dev.aiaudit.model.text.SafeText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration. Every problem is reported as {@code ERROR: <file>:<line>:<col>:
 * message}, followed by the offending line and a caret, as cel-java does: unknown keys, wrong
 * types, bad durations or sizes, invalid values.
 */
public final class ConfigLoader {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)", Pattern.CASE_INSENSITIVE);
  /** Largest configuration file read (bounded time and memory for a hostile file). */
  public static final long MAX_BYTES = 1L << 20;
  private static final Pattern NAMED_KEY = Pattern.compile("[a-z_]+(?:\\.[a-z_]+)*\\.([a-z_]+) ");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|k|K|M|G)?");

  private static final SourceTree.Options YAML = SourceTree.Options.yaml("CONFIG");
  private final ObjectMapper mapper;

  public ConfigLoader() {
    SimpleModule m = new SimpleModule("ai-audit-config");
    m.addDeserializer(Duration.class, new DurationDeserializer());
    m.addDeserializer(Long.class, new SizeDeserializer());
    mapper = new ObjectMapper(new YAMLFactory())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .registerModule(m);
  }

  public AgentConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = InputFiles.readString(file, MAX_BYTES);
    } catch (InputFiles.InputFileException e) {
      String problem = e.problem().equals("no such file") ? "configuration file does not exist"
          : "cannot read configuration file: " + e.problem();
      throw new ConfigException("ERROR: " + SafeText.escape(file.toString()) + ": " + problem, e);
    }
    if (text.isBlank()) {
      return AgentConfig.defaults();
    }
    SourceTree tree;
    try {
      tree = SourceTree.parse(file.toString(), text, YAML);
    } catch (DiagnosticException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    if (tree.root().isMissingNode() || tree.root().isNull()) {
      return AgentConfig.defaults(); // only comments (or document markers): as an empty file
    }
    try {
      AgentConfig c = mapper.treeToValue(tree.root(), AgentConfig.class);
      return c == null ? AgentConfig.defaults() : c;
    } catch (JsonProcessingException e) {
      throw new ConfigException(diagnostic(tree, e).format(), e);
    }
  }

  /** {@code e} (from binding {@code text}) as a formatted diagnostic located at the key it is about. */
  static String format(Path file, String text, JsonProcessingException e) {
    try {
      return diagnostic(SourceTree.parse(file.toString(), text, YAML), e).format();
    } catch (DiagnosticException syntax) {
      return syntax.getMessage();
    }
  }

  /**
   * A binding error located through the source tree: at the key its path names, or, for a record's own check
   * ({@code journal.checkpoint_every must be ...}), at the key the message names; else where Jackson stopped.
   */
  private static Diagnostic diagnostic(SourceTree tree, JsonProcessingException e) {
    String pointer = "";
    if (e instanceof JsonMappingException jm) {
      for (JsonMappingException.Reference r : jm.getPath()) {
        pointer = r.getFieldName() != null ? SourceTree.PathStyle.JSON_POINTER.child(pointer, r.getFieldName())
            : r.getIndex() >= 0 ? SourceTree.PathStyle.JSON_POINTER.index(pointer, r.getIndex()) : pointer;
      }
    }
    int[] pos = null;
    if (e instanceof ValueInstantiationException v && v.getCause() != null) {
      Matcher km = NAMED_KEY.matcher(String.valueOf(v.getCause().getMessage()));
      if (km.lookingAt()) {
        pos = tree.position(SourceTree.PathStyle.JSON_POINTER.child(pointer, km.group(1)));
      }
    } else if (!pointer.isEmpty()) {
      pos = tree.position(pointer);
    }
    JsonLocation loc = e.getLocation();
    if (pos == null && (loc == null || loc.getLineNr() < 1)) {
      pos = tree.position(pointer); // a record's own check on a whole object: at the object
    }
    int line = pos != null ? pos[0] : loc.getLineNr();
    int col = pos != null ? pos[1] : loc.getColumnNr();
    return new Diagnostic(Diagnostic.Level.ERROR, "CONFIG", tree.name(), line, col, message(e), "", tree.line(line));
  }

  private static String message(JsonProcessingException e) {
    String path = e instanceof JsonMappingException jm ? pathOf(jm) : "";
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown key '" + u.getPropertyName() + "'" + (path.isEmpty() ? "" : " in " + parentPath(path))
          + " (known: " + String.join(", ", u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()) + ")";
    }
    if (e instanceof ValueInstantiationException v && v.getCause() != null) {
      String m = String.valueOf(v.getCause().getMessage());
      return (path.isEmpty() || m.startsWith(path + ".") ? "" : path + ": ") + m;
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return (path.isEmpty() ? "" : path + ": ") + expected(m.getTargetType()) + found(m);
    }
    if (e instanceof JsonMappingException jm && jm.getCause() instanceof IllegalArgumentException iae) {
      return (path.isEmpty() ? "" : path + ": ") + iae.getMessage();
    }
    return (path.isEmpty() ? "" : path + ": ") + e.getOriginalMessage().lines().findFirst().orElse("invalid value");
  }

  /** What a key wants, in words (no Java type names). */
  private static String expected(Class<?> t) {
    if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
      return "expected a list (for example [a, b], or one '- item' per line)";
    }
    if (java.util.Map.class.isAssignableFrom(t) || t.isRecord()) {
      return "expected a mapping (one 'key: value' per line)";
    }
    if (t == Boolean.class || t == boolean.class) {
      return "expected true or false";
    }
    if (t == Duration.class) {
      return "expected a duration (for example 250ms, 1s, 5m, 2h, 190d)";
    }
    if (Number.class.isAssignableFrom(t) || t.isPrimitive()) {
      return "expected a number";
    }
    return "expected a single value (a string)";
  }

  private static String found(MismatchedInputException m) {
    String orig = String.valueOf(m.getOriginalMessage());
    if (orig.contains("from String value") || orig.contains("from Integer value") || orig.contains("from Boolean value")
        || orig.contains("from Floating-point value")) {
      return ", found a single value";
    }
    if (orig.contains("from Array value") || orig.contains("START_ARRAY")) {
      return ", found a list";
    }
    if (orig.contains("from Object value") || orig.contains("START_OBJECT")) {
      return ", found a mapping";
    }
    return "";
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (!b.isEmpty()) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String parentPath(String path) {
    int i = path.lastIndexOf('.');
    return i < 0 ? "the top level" : "'" + path.substring(0, i) + "'";
  }

  /**
   * The one duration syntax of every command and the config file: {@code 250ms}, {@code 1s}, {@code 5m}, {@code 2h},
   * {@code 190d}, {@code 1w} (units case-insensitive), or ISO-8601 ({@code PT1S}).
   */
  public static Duration parseDuration(String s) {
    String t = s.trim();
    Matcher m = DURATION.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "w" -> Duration.ofDays(7 * n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + SafeText.capped(s, 100) + "' is not a duration (use e.g. 250ms, 1s, 5m, 2h, 190d, 1w)");
    }
  }

  public static long parseSize(String s) {
    Matcher m = SIZE.matcher(s.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + SafeText.capped(s, 100) + "' is not a size (use e.g. 4096, 64KiB, 64MiB, 1GiB)");
    }
    long n = Long.parseLong(m.group(1));
    String u = m.group(2) == null ? "B" : m.group(2);
    return switch (u) {
      case "KiB", "k", "K" -> n << 10;
      case "MiB", "M" -> n << 20;
      case "GiB", "G" -> n << 30;
      default -> n;
    };
  }

  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      try {
        return parseDuration(p.getValueAsString(p.getText()));
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage());
      }
    }
  }

  /**
   * One entry of {@code watch.container_roots}, checked where it stands, so an error points at the bad entry
   * (the record's own check would only know where the {@code watch} mapping ended).
   */
  static final class ContainerRootDeserializer extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String r = p.getValueAsString();
      if (r == null) {
        throw JsonMappingException.from(p, "expected a path (a single value)");
      }
      try {
        dev.aiaudit.sensor.SensorConfig.checkContainerRoot(r);
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage(), e);
      }
      return r;
    }
  }

  private static final class SizeDeserializer extends JsonDeserializer<Long> {
    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      try {
        return parseSize(p.getValueAsString(p.getText()));
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, e.getMessage());
      }
    }
  }
}
