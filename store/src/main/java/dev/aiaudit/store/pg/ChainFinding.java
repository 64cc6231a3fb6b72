package dev.aiaudit.store.pg;

/**
 * A break in one host's chain, found by {@code serve} as records arrive.
 *
 * @param host the host
 * @param seq the seq where it was seen
 * @param kind {@code gap}, {@code reorder}, {@code altered}, {@code broken_link}, {@code conflict}
 * @param detail one line
 * @param partition Kafka partition of the record that revealed it
 * @param offset Kafka offset of that record
 */
public record ChainFinding(String host, long seq, String kind, String detail, int partition, long offset) {}
