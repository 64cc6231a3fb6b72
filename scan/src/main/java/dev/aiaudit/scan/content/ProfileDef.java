package dev.aiaudit.scan.content;

import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.scan.eval.SysctlMode;
import java.util.List;
import java.util.Map;

/**
 * A profile: which checks it selects (by tag or id, minus exclusions), how it parameterises them (sysctl
 * mode, severity overrides) and which controls of its framework each check maps to.
 *
 * @param includeTags a check carrying any of these tags is selected
 * @param includeIds checks selected by id
 * @param controlsByTag controls for every selected check carrying the tag
 * @param controls controls per check id (added to the tag-based ones)
 */
public record ProfileDef(
    String id,
    String title,
    String framework,
    String description,
    SysctlMode sysctlMode,
    List<String> includeTags,
    List<String> includeIds,
    List<String> excludeIds,
    Map<String, AlertSeverity> severity,
    Map<String, List<String>> controlsByTag,
    Map<String, List<String>> controls,
    String file) {

  public ProfileDef {
    includeTags = List.copyOf(includeTags);
    includeIds = List.copyOf(includeIds);
    excludeIds = List.copyOf(excludeIds);
    severity = Map.copyOf(severity);
    controlsByTag = Map.copyOf(controlsByTag);
    controls = Map.copyOf(controls);
  }

  /** True when the profile selects {@code check}. */
  public boolean selects(CheckDef check) {
    if (excludeIds.contains(check.id())) {
      return false;
    }
    if (includeIds.contains(check.id())) {
      return true;
    }
    for (String tag : check.tags()) { // a loop, not a stream: every scan asks this of every check once, at start-up
      if (includeTags.contains(tag)) {
        return true;
      }
    }
    return false;
  }

  /** Control ids {@code check} maps to in this profile, tag-based first, without duplicates. */
  public List<String> controlsFor(CheckDef check) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (String tag : check.tags()) {
      out.addAll(controlsByTag.getOrDefault(tag, List.of()));
    }
    out.addAll(controls.getOrDefault(check.id(), List.of()));
    return List.copyOf(out);
  }
}
