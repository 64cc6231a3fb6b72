package dev.aiaudit.scan;

import java.util.Locale;

/** Outcome of one check. Only {@link #PASS} counts as compliant; an undecidable check is never a pass. */
public enum Verdict {
  PASS,
  FAIL,
  /** The check cannot apply to this target (source absent, offline root, feature not present). */
  NOTAPPLICABLE,
  /** The check could not be evaluated (read error, permission denied). */
  ERROR;

  /** Lower-case label used in every report format. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
