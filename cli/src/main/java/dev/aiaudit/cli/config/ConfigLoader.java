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
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration. Every problem is reported as {@code ERROR: <file>:<line>:<col>:
 * message}, followed by the offending line and a caret, as cel-java does: unknown keys, wrong
 * types, bad durations or sizes, invalid values.
 */
public final class ConfigLoader {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|k|K|M|G)?");

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
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("ERROR: " + file + ": configuration file does not exist", e);
    } catch (IOException e) {
      throw new ConfigException("ERROR: " + file + ": cannot read configuration file: " + e.getMessage(), e);
    }
    if (text.isBlank()) {
      return AgentConfig.defaults();
    }
    try {
      AgentConfig c = mapper.readValue(text, AgentConfig.class);
      return c == null ? AgentConfig.defaults() : c;
    } catch (JsonProcessingException e) {
      throw new ConfigException(format(file, text, e), e);
    }
  }

  static String format(Path file, String text, JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    int line = loc == null ? 0 : loc.getLineNr();
    int col = loc == null ? 0 : loc.getColumnNr();
    String msg = message(e);
    List<String> lines = text.lines().toList();
    if (e instanceof UnrecognizedPropertyException u) {
      // Records are built through a buffering creator, so Jackson's location is where the object
      // ended; the key itself is the last line at or before it that starts with "<key>:".
      Pattern key = Pattern.compile("^(\\s*(?:-\\s+)?)" + Pattern.quote(u.getPropertyName()) + "\\s*:");
      for (int i = Math.min(line, lines.size()) - 1; i >= 0; i--) {
        Matcher km = key.matcher(lines.get(i));
        if (km.find()) {
          line = i + 1;
          col = km.group(1).length() + 1;
          break;
        }
      }
    }
    StringBuilder b = new StringBuilder("ERROR: ").append(file).append(':').append(line).append(':').append(col)
        .append(": ").append(msg);
    if (line >= 1 && line <= lines.size()) {
      b.append('\n').append(" | ").append(lines.get(line - 1)).append('\n').append(" | ")
          .append(".".repeat(Math.max(0, col - 1))).append('^');
    }
    return b.toString();
  }

  private static String message(JsonProcessingException e) {
    String path = e instanceof JsonMappingException jm ? pathOf(jm) : "";
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown key '" + u.getPropertyName() + "'" + (path.isEmpty() ? "" : " in " + parentPath(path))
          + " (known: " + String.join(", ", u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()) + ")";
    }
    if (e instanceof ValueInstantiationException v && v.getCause() != null) {
      return (path.isEmpty() ? "" : path + ": ") + v.getCause().getMessage();
    }
    return (path.isEmpty() ? "" : path + ": ") + e.getOriginalMessage().lines().findFirst().orElse("invalid value");
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

  /** {@code 250ms}, {@code 1s}, {@code 5m}, {@code 2h}, {@code 190d}, or ISO-8601 ({@code PT1S}). */
  public static Duration parseDuration(String s) {
    String t = s.trim();
    Matcher m = DURATION.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + s + "' is not a duration (use e.g. 250ms, 1s, 5m, 2h, 190d)");
    }
  }

  static long parseSize(String s) {
    Matcher m = SIZE.matcher(s.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + s + "' is not a size (use e.g. 4096, 64KiB, 64MiB, 1GiB)");
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
