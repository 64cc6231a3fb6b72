package dev.aiaudit.scan.content;

import java.util.List;
import java.util.stream.Collectors;

/** Content that failed to load; carries every issue found, not just the first. */
public final class ContentException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<ContentIssue> issues;

  public ContentException(List<ContentIssue> issues) {
    super(issues.stream().map(ContentIssue::format).collect(Collectors.joining("\n")));
    this.issues = List.copyOf(issues);
  }

  public List<ContentIssue> issues() {
    return issues;
  }
}
