package dev.aiaudit.policy.eval;

/**
 * A rule that cannot be compiled. {@code code} is stable (POL003 condition, POL004 parameter,
 * POL005 expression, POL008 field); {@code jsonPath} is relative to {@code policyRule}.
 */
public final class CompileError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;
  private final String jsonPath;

  public CompileError(String code, String jsonPath, String message) {
    super(message);
    this.code = code;
    this.jsonPath = jsonPath;
  }

  public String code() {
    return code;
  }

  public String jsonPath() {
    return jsonPath;
  }
}
