package dev.aiaudit.store.pg;

/**
 * One signed checkpoint of a host's journal as the fleet store keeps it: what the host's key signed (seq, time, the
 * chain hash of record seq) and the signature, with the public key the agent shipped beside it. The store judges
 * nothing; {@code ai-audit verify --store} checks the signature and the hash against the stored records.
 *
 * @param host the host (the Kafka key)
 * @param seq the last record the checkpoint covers
 * @param timeNs when it was taken
 * @param hash hex chain hash of record seq, as signed
 * @param signature the 64-byte Ed25519 signature
 * @param publicKey X.509 DER of the key the agent signed with when it shipped the checkpoint
 * @param partition Kafka partition it was read from
 * @param offset Kafka offset
 */
public record FleetCheckpoint(String host, long seq, long timeNs, String hash, byte[] signature, byte[] publicKey, int partition,
    long offset) {}
