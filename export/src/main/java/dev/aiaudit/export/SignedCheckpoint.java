package dev.aiaudit.export;

/**
 * One signed checkpoint of the agent's journal, as it leaves the host: the journal's 128-byte checkpoint entry
 * (seq, time, the chain hash of record seq, the Ed25519 signature; layout in the journal module's
 * {@code CheckpointEntry}) and the X.509 DER of the public key the journal signs with now.
 *
 * @param seq the last record the checkpoint covers (it is shipped only once the sink acknowledged that record)
 * @param entry the 128 bytes as in {@code checkpoints.log}
 * @param publicKey X.509 DER of the journal's current public key
 */
public record SignedCheckpoint(long seq, byte[] entry, byte[] publicKey) {}
