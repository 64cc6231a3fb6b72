package dev.aiaudit.scan;

import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    AlertSeverity severity,
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

  /** This result as a report finding; {@code profile} qualifies its category ({@code kspp.kconfig}). */
  public Finding toFinding(String profile) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("kind", kind);
    if (rationale != null && !rationale.isEmpty()) {
      props.put("rationale", rationale);
    }
    Finding.Status status = switch (verdict) {
      case PASS -> Finding.Status.PASS;
      case FAIL -> Finding.Status.FAIL;
      case NOTAPPLICABLE -> Finding.Status.NOT_APPLICABLE;
      case ERROR -> Finding.Status.ERROR;
    };
    return new Finding(id, title, profile + "." + kind, severity, status, verdict.label(), controls, expected, actual,
        reason.isEmpty() ? List.of() : List.of(reason), remediation, List.of(), props);
  }
}
