package dev.aiaudit.export.kafka;

/**
 * One record read from the topic, headers parsed (nothing checked against the chain yet).
 *
 * @param host the Kafka key
 * @param seq header {@code seq}
 * @param timeNs header {@code time_ns}
 * @param hash header {@code hash}
 * @param prevHash header {@code prev_hash}
 * @param payload the value: the OCSF JSON as the agent's journal hashed it
 * @param partition where it was read
 * @param offset its offset
 */
public record FleetRecord(String host, long seq, long timeNs, String hash, String prevHash, byte[] payload, int partition, long offset) {}
