package dev.aiaudit.policy;

import java.time.Instant;

/**
 * A person's statement about a manual policy for matching deployments.
 *
 * @param policyId definition id (or reference id) it answers
 * @param resourceId deployment id, {@code *} wildcards allowed
 * @param state compliant or non-compliant
 * @param who the attesting person
 * @param date when attested
 * @param expiresOn after this instant it is not honoured (and reported)
 * @param documentUri the evidence document
 * @param documentSha256 the document's sha256 (hex)
 * @param comment free text, may be empty
 */
public record Attestation(
    String policyId,
    String resourceId,
    ComplianceState state,
    String who,
    Instant date,
    Instant expiresOn,
    String documentUri,
    String documentSha256,
    String comment) {

  public boolean expired(Instant now) {
    return !now.isBefore(expiresOn);
  }
}
