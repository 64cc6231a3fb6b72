package dev.aiaudit.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One verdict of a rule on a subject: a host check of the scanner or a policy of the policy engine. The shape every
 * report writer (text, JSON, JUnit, HTML, OSCAL, OpenReports) reads.
 *
 * @param id stable rule id ({@code kconfig.RANDOMIZE_BASE}, {@code nist-gv-1.6-shadow-ai})
 * @param title one-line title of the rule
 * @param category how the rule is grouped ({@code kspp.kconfig}, an initiative id)
 * @param severity how bad a failure is; {@code --fail-on} compares against it
 * @param status the outcome, in the vocabulary every writer understands
 * @param state the outcome in the producer's own words ({@code notapplicable}, {@code non-compliant})
 * @param controls control ids of the framework the rule maps to
 * @param expected the expected state, {@code ""} when the rule states none
 * @param observed what was observed (the evidence that decided, or why nothing could be decided)
 * @param reasons why, one line each (failing conditions, attestation, exemption, error)
 * @param remediation how to fix a failure, {@code ""} when none is known
 * @param evidence the journal records the verdict rests on
 * @param properties further producer-specific facts (kind, effect, source, rationale), in order
 */
public record Finding(
    String id,
    String title,
    String category,
    AlertSeverity severity,
    Status status,
    String state,
    List<String> controls,
    String expected,
    String observed,
    List<String> reasons,
    String remediation,
    List<Evidence> evidence,
    Map<String, String> properties) {

  public Finding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(status, "status");
    title = title == null ? "" : title;
    category = category == null ? "" : category;
    state = state == null || state.isEmpty() ? status.label() : state;
    expected = expected == null ? "" : expected;
    observed = observed == null ? "" : observed;
    remediation = remediation == null ? "" : remediation;
    controls = List.copyOf(controls);
    reasons = List.copyOf(reasons);
    evidence = List.copyOf(evidence);
    properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
  }

  /** True for {@link Status#FAIL} and {@link Status#ERROR}: what {@code --fail-on} counts. */
  public boolean failing() {
    return status == Status.FAIL || status == Status.ERROR;
  }

  /** The outcome of a finding. Only {@link #PASS} is compliant; a rule that could not decide is never a pass. */
  public enum Status {
    PASS,
    FAIL,
    /** The rule could not be evaluated (read error, evaluation error); carries its reason. */
    ERROR,
    /** No one answered (manual policy without attestation, missing runtime evidence). */
    UNKNOWN,
    /** Failing or unknown, but waived by a recorded exemption. */
    EXEMPT,
    /** The rule cannot apply to the subject (source absent, offline root, not selected). */
    NOT_APPLICABLE;

    /** {@code pass}, {@code fail}, {@code error}, {@code unknown}, {@code exempt}, {@code not-applicable}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** PASS or FAIL: the rule decided. */
    public boolean decided() {
      return this == PASS || this == FAIL;
    }
  }

  /**
   * A journal record a verdict rests on.
   *
   * @param seq the record's sequence number
   * @param hash the record's hash in the chain (hex)
   */
  public record Evidence(long seq, String hash) {
    public Evidence {
      Objects.requireNonNull(hash, "hash");
    }
  }
}
