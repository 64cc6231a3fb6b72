package dev.aiaudit.policy;

import java.time.Instant;

/**
 * The oldest record still retained in the journal.
 *
 * @param time when it was written
 * @param seq its sequence number
 * @param hash its hash (hex)
 */
public record RetainedRecord(Instant time, long seq, String hash) {}
