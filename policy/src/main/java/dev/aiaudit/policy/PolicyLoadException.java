package dev.aiaudit.policy;

import dev.aiaudit.model.text.Diagnostic;
import dev.aiaudit.model.text.DiagnosticException;
import java.util.List;

/** Policy content could not be loaded; {@link #issues()} lists every problem found, formatted by {@link #getMessage()}. */
public final class PolicyLoadException extends DiagnosticException {
  private static final long serialVersionUID = 1L;

  public PolicyLoadException(List<Diagnostic> issues) {
    super(issues);
  }

  /** The problems, in the order found. */
  public List<Diagnostic> issues() {
    return diagnostics();
  }

  /** An error in a policy content file ({@code POL0xx} codes), at {@code jsonPath} when known. */
  static Diagnostic issue(String code, String file, String jsonPath, int line, int column, String message, String source) {
    return new Diagnostic(Diagnostic.Level.ERROR, code, file, line, column, message, jsonPath, source);
  }
}
