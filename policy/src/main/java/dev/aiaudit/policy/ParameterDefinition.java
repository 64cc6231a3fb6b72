package dev.aiaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A declared parameter of a definition or initiative.
 *
 * @param name the parameter name
 * @param type Azure type name: string, array, object, boolean, integer, float, datetime
 * @param defaultValue the default, or {@code null} when the parameter is required
 * @param allowedValues allowed values; empty when any value of the type is allowed
 * @param description human description ({@code metadata.description} or displayName), may be empty
 */
public record ParameterDefinition(
    String name, String type, JsonNode defaultValue, List<JsonNode> allowedValues, String description) {

  public ParameterDefinition {
    allowedValues = List.copyOf(allowedValues);
  }

  public boolean hasDefault() {
    return defaultValue != null;
  }
}
