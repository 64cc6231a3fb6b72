package dev.aiaudit.policy;

import java.time.Instant;

/**
 * An owned, expiring exemption: matching results become {@link ComplianceState#EXEMPT} (evaluation
 * still runs and its verdict is kept in the reasons).
 *
 * @param policyId definition or reference id, or {@code *} for all policies
 * @param initiativeId initiative id, or {@code *}
 * @param resourceId deployment id, {@code *} wildcards allowed
 * @param category waiver or mitigated
 * @param owner who owns the exemption
 * @param expiresOn after this instant it is not honoured (and reported)
 * @param documentSha256 sha256 of the approval document
 * @param reason why
 */
public record Exemption(
    String policyId,
    String initiativeId,
    String resourceId,
    String category,
    String owner,
    Instant expiresOn,
    String documentSha256,
    String reason) {

  public boolean expired(Instant now) {
    return !now.isBefore(expiresOn);
  }
}
