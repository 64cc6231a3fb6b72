package dev.aiaudit.scan;

import java.util.List;
import java.util.Objects;

/**
 * The result of one check on one target.
 *
 * @param id stable check id, e.g. {@code kconfig.RANDOMIZE_BASE}
 * @param kind the check kind (kconfig, cmdline, sysctl, file, mount, ...)
 * @param expected human-readable expected state, alternatives joined with {@code or}
 * @param actual the observed evidence that decided the verdict
 * @param reason why the check is not applicable or in error; empty otherwise
 * @param controls control ids of the selected profile this check maps to
 */
public record CheckResult(
    String id,
    String title,
    String kind,
    Severity severity,
    Verdict verdict,
    String expected,
    String actual,
    String reason,
    String rationale,
    String remediation,
    List<String> controls) {

  public CheckResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(severity, "severity");
    reason = reason == null ? "" : reason;
    actual = actual == null ? "" : actual;
    controls = List.copyOf(controls);
  }
}
