package dev.aiaudit.server.dashboard;

import dev.aiaudit.policy.PolicyLibrary;
import dev.aiaudit.policy.PolicyReference;
import dev.aiaudit.policy.PolicySetDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Control ids per policy definition, from the built-in initiatives (EU AI Act articles, NIST AI RMF subcategories),
 * so a finding's {@code [policy-id] why} violations can be shown with the controls they fail (here and in the
 * cli's evidence packs).
 */
public final class PolicyControls {
  private static final Pattern VIOLATION_START = Pattern.compile("; (?=\\[[^\\]\\s]{1,200}\\] )");
  private static final Pattern POLICY_ID = Pattern.compile("^\\[([^\\]\\s]{1,200})\\] ");

  private final Map<String, List<String>> controls;

  private PolicyControls(Map<String, List<String>> controls) {
    this.controls = controls;
  }

  public static PolicyControls builtIn() {
    Map<String, Set<String>> m = new HashMap<>();
    try {
      for (PolicySetDefinition set : PolicyLibrary.builtIn().initiatives()) {
        for (PolicyReference ref : set.policies()) {
          for (String g : ref.groupNames()) {
            m.computeIfAbsent(ref.definitionId(), k -> new LinkedHashSet<>()).add(set.id() + ":" + g);
          }
        }
      }
    } catch (Exception e) {
      return new PolicyControls(Map.of()); // no controls shown; the violations still are
    }
    Map<String, List<String>> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return new PolicyControls(out);
  }

  /** A finding message split into its {@code [policy-id] why} violations. */
  public static List<String> violations(String message) {
    if (message == null || message.isEmpty() || message.equals("no violations")) {
      return List.of();
    }
    return List.of(VIOLATION_START.split(message));
  }

  /** The control ids of the policies these violations name, in order, without repeats. */
  public List<String> controlsOf(List<String> violations) {
    Set<String> out = new LinkedHashSet<>();
    for (String v : violations) {
      Matcher m = POLICY_ID.matcher(v);
      if (m.find()) {
        out.addAll(controls.getOrDefault(m.group(1), List.of()));
      }
    }
    return new ArrayList<>(out);
  }
}
