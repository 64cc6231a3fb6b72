package dev.aiaudit.policy.inventory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One parsed YAML document of a manifest file.
 *
 * @param line 1-based line where the document's content starts
 */
public record ManifestDocument(String file, int line, JsonNode content) {}
