package dev.aiaudit.scan.eval;

/**
 * Three-valued result of an expression, plus the evidence that decided it.
 *
 * @param state TRUE, FALSE, NA (cannot apply) or ERROR (could not be read)
 * @param evidence what was observed, e.g. {@code CONFIG_X=y} or {@code /proc/cmdline: iommu not set}
 */
public record Outcome(State state, String evidence) {

  /** Truth value of an expression. */
  public enum State {
    TRUE,
    FALSE,
    NA,
    ERROR
  }

  public static Outcome of(boolean value, String evidence) {
    return new Outcome(value ? State.TRUE : State.FALSE, evidence);
  }

  public static Outcome na(String reason) {
    return new Outcome(State.NA, reason);
  }

  public static Outcome error(String reason) {
    return new Outcome(State.ERROR, reason);
  }

  public boolean isTrue() {
    return state == State.TRUE;
  }
}
