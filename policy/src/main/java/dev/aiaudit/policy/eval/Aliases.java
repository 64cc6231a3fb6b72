package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Field aliases: Azure-style names ({@code AiAudit/ai.riskClass}, {@code tags['x']}, {@code type})
 * mapped onto inventory paths. The table is data ({@code policies/aliases.json}); an alias that is not
 * in the table but starts with {@code AiAudit/} is taken as a plain path after the prefix, and any
 * other text is a plain path.
 */
public final class Aliases {
  /** The prefix of ai-audit aliases. */
  public static final String PREFIX = "AiAudit/";

  private static final Aliases BUILT_IN = load();
  private final Map<String, String> table;

  private Aliases(Map<String, String> table) {
    this.table = Map.copyOf(table);
  }

  /** The built-in table. */
  public static Aliases builtIn() {
    return BUILT_IN;
  }

  /** Every alias and its path (for docs and tests). */
  public Map<String, String> table() {
    return table;
  }

  /** The inventory path an alias or plain path stands for. */
  public String resolve(String field) {
    String key = field.trim();
    String hit = table.get(key.toLowerCase(Locale.ROOT));
    if (hit != null) {
      return hit;
    }
    if (key.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      key = key.substring(PREFIX.length());
      hit = table.get((PREFIX + key).toLowerCase(Locale.ROOT));
      if (hit != null) {
        return hit;
      }
    }
    if (key.regionMatches(true, 0, "tags[", 0, 5) || key.regionMatches(true, 0, "tags.", 0, 5)) {
      return "labels" + key.substring(4);
    }
    return key;
  }

  private static Aliases load() {
    try (InputStream in = Aliases.class.getResourceAsStream("/policies/aliases.json")) {
      if (in == null) {
        throw new IllegalStateException("policies/aliases.json missing from the classpath");
      }
      JsonNode root = new ObjectMapper().readTree(in).path("aliases");
      Map<String, String> map = new HashMap<>();
      root.properties().forEach(e -> map.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().path("path").asText()));
      return new Aliases(map);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
