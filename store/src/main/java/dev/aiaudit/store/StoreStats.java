package dev.aiaudit.store;

import java.time.Instant;

/**
 * What the index holds.
 *
 * @param rows number of indexed events
 * @param lastSeq highest indexed journal sequence number, 0 when empty
 * @param fileBytes size of the database file (plus its write-ahead log), in bytes
 * @param oldest time of the oldest event, or {@code null} when empty
 * @param newest time of the newest event, or {@code null} when empty
 */
public record StoreStats(long rows, long lastSeq, long fileBytes, Instant oldest, Instant newest) {}
