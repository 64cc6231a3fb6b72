package dev.aiaudit.scan;

/**
 * A profile as listed by {@code --list-profiles}.
 *
 * @param framework the standard the profile's control ids come from
 * @param checkCount number of checks the profile selects
 */
public record ProfileInfo(String id, String title, String framework, String description, int checkCount) {}
