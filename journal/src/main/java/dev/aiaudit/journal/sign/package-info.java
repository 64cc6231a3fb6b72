/**
 * Ed25519 keys and signatures for journal checkpoints (JDK crypto only): the key pair is created on
 * first start under the journal directory ({@code keys/journal-ed25519.key}, mode 0600, and the public
 * key beside it as {@code .pub}), both PEM; {@link dev.aiaudit.journal.sign.CheckpointSigner} signs and
 * checks {@link dev.aiaudit.journal.format.CheckpointEntry} values.
 */
package dev.aiaudit.journal.sign;
