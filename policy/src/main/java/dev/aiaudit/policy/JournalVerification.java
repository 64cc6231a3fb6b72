package dev.aiaudit.policy;

import java.time.Instant;

/**
 * The result of verifying the journal's hash chain and signed checkpoints.
 *
 * @param ok true when every record and checkpoint verified
 * @param firstBadSeq the first record that failed, or -1 when {@code ok}
 * @param verifiedAt when the verification ran
 * @param lastSeq the last record covered
 * @param lastHash that record's hash
 */
public record JournalVerification(boolean ok, long firstBadSeq, Instant verifiedAt, long lastSeq, String lastHash) {}
