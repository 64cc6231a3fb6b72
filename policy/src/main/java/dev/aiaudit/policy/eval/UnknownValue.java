package dev.aiaudit.policy.eval;

/**
 * A value ai-audit cannot know (a field naming an unknown alias, loaded leniently). {@code allOf}
 * and {@code anyOf} treat it as three-valued logic does (a false member still makes {@code allOf}
 * false); if it decides the outcome, the verdict is unknown, never compliant.
 */
public final class UnknownValue extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnknownValue(String message) {
    super(message, null, false, false);
  }
}
