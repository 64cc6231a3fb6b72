package dev.aiaudit.policy.eval;

/** An evaluation that cannot be completed (type mismatch, bad date...): the result state is error. */
public final class EvalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EvalException(String message) {
    super(message);
  }
}
