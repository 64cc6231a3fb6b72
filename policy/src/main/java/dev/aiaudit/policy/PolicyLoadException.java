package dev.aiaudit.policy;

import java.util.List;
import java.util.stream.Collectors;

/** Content could not be loaded; {@link #issues()} lists every problem found, formatted by {@link #getMessage()}. */
public final class PolicyLoadException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<LoadIssue> issues;

  public PolicyLoadException(List<LoadIssue> issues) {
    super(issues.stream().map(LoadIssue::format).collect(Collectors.joining("\n")));
    this.issues = List.copyOf(issues);
  }

  public List<LoadIssue> issues() {
    return issues;
  }
}
