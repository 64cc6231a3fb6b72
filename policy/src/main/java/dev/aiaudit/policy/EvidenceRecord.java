package dev.aiaudit.policy;

/**
 * A journal record a verdict rests on.
 *
 * @param seq the record's sequence number in the journal
 * @param hash the record's hash (hex), as written in the hash chain
 */
public record EvidenceRecord(long seq, String hash) {}
