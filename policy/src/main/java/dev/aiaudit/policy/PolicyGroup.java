package dev.aiaudit.policy;

/**
 * A control of an initiative ({@code policyDefinitionGroups[]}).
 *
 * @param name control id ({@code EUAIA-12.1})
 * @param category compliance domain ({@code Record-keeping})
 * @param displayName short requirement text
 * @param description where the requirement comes from
 */
public record PolicyGroup(String name, String category, String displayName, String description) {}
