package dev.aiaudit.export.kafka;

/**
 * A signed checkpoint read from the topic (its length checked, nothing else).
 *
 * @param host the Kafka key
 * @param entry the journal's 128-byte checkpoint entry
 * @param publicKey X.509 DER of the key the host said it signs with
 * @param partition where it was read
 * @param offset its offset
 */
public record FleetCheckpointRecord(String host, byte[] entry, byte[] publicKey, int partition, long offset) {}
