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

  /**
   * What a field names (Azure docs: concepts/definition-structure-policy-rule, "Fields").
   *
   * @param path the inventory path
   * @param known true when the alias is in the table, is one of Azure's fields with an inventory
   *     counterpart, or the path exists in the inventory item schema
   * @param location true for Azure's {@code location} field (values compared normalised)
   */
  public record Resolution(String path, boolean known, boolean location) {}

  /** Region label standing in for Azure's {@code location} field. */
  public static final String LOCATION_PATH = "labels['topology.kubernetes.io/region']";

  /** The inventory path an alias or plain path stands for. */
  public String resolve(String field) {
    return lookup(field).path();
  }

  /**
   * Resolves a field: the alias table first; then Azure's fields: {@code type} and {@code kind} are the
   * item's kind, {@code name} and {@code fullName} its name, {@code id} its id, {@code location} its
   * region label, {@code tags} its labels ({@code tags[x]}, {@code tags['x']}, {@code tags.x} one label);
   * else {@code AiAudit/<path>} or a plain inventory path, known only when the inventory schema has it.
   */
  public Resolution lookup(String field) {
    String key = field.trim();
    String lower = key.toLowerCase(Locale.ROOT);
    String hit = table.get(lower);
    if (hit != null) {
      return new Resolution(hit, true, false);
    }
    switch (lower) {
      case "type", "kind" -> {
        return new Resolution("kind", true, false);
      }
      case "name", "fullname" -> {
        return new Resolution("name", true, false);
      }
      case "id" -> {
        return new Resolution("id", true, false);
      }
      case "location" -> {
        return new Resolution(LOCATION_PATH, true, true);
      }
      case "tags" -> {
        return new Resolution("labels", true, false);
      }
      default -> { }
    }
    if (key.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      key = key.substring(PREFIX.length());
    }
    if (key.regionMatches(true, 0, "tags[", 0, 5) || key.regionMatches(true, 0, "tags.", 0, 5)) {
      return new Resolution("labels" + key.substring(4), true, false);
    }
    return new Resolution(key, InventoryPaths.known(key), false);
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
