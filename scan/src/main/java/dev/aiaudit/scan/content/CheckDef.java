package dev.aiaudit.scan.content;

import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.scan.eval.Expr;
import java.util.List;
import java.util.Objects;

/**
 * One check as loaded from content (file defaults merged in).
 *
 * @param kind what it inspects: kconfig, cmdline, sysctl, file, mount, selinux, fips, cc, ...
 * @param tags selectors for profiles, e.g. {@code khc}, {@code decision:kspp}, {@code group:self_protection}
 * @param references external references (e.g. KSPP wiki, kernel docs, CIS ids)
 * @param file content file the check comes from
 */
public record CheckDef(
    String id,
    String kind,
    String title,
    String rationale,
    String remediation,
    AlertSeverity severity,
    List<String> tags,
    List<String> references,
    Expr test,
    String file) {

  public CheckDef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(test, "test");
    tags = List.copyOf(tags);
    references = List.copyOf(references);
  }
}
