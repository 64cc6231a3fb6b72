package dev.aiaudit.policy;

import dev.aiaudit.model.text.Diagnostic;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads inventory items from JSON files: a JSON array of items, a single item, or JSON lines (one
 * item per line). Each item must be an object with a string {@code id}; problems are POL020 issues
 * with file:line:col. Manifest directories and host discovery belong to the inventory package.
 */
public final class InventoryFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InventoryFiles() {}

  public static List<JsonNode> read(Path file) throws IOException, PolicyLoadException {
    List<JsonNode> out = new ArrayList<>();
    List<Diagnostic> issues = new ArrayList<>();
    String name = file.toString();
    try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(PolicyFiles.read(file, PolicyFiles.MAX_INVENTORY_BYTES))) {
      while (it.hasNextValue()) {
        JsonLocation loc = it.getCurrentLocation();
        JsonNode v = it.nextValue();
        if (v.isArray()) {
          for (int i = 0; i < v.size(); i++) {
            check(v.get(i), name, "$[" + i + "]", loc, issues, out);
          }
        } else {
          check(v, name, "$", loc, issues, out);
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      issues.add(PolicyLoadException.issue("POL002", name, "", loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
          "not valid JSON: " + e.getOriginalMessage(), ""));
    }
    if (!issues.isEmpty()) {
      throw new PolicyLoadException(issues);
    }
    return out;
  }

  private static void check(JsonNode item, String file, String path, JsonLocation loc, List<Diagnostic> issues, List<JsonNode> out) {
    if (!item.isObject() || !item.path("id").isTextual() || item.path("id").asText().isBlank()) {
      issues.add(PolicyLoadException.issue("POL020", file, path, loc.getLineNr(), loc.getColumnNr(),
          "an inventory item must be an object with a non-empty string \"id\"", ""));
      return;
    }
    out.add(item);
  }
}
