package dev.aiaudit.journal.sign;

import dev.aiaudit.journal.format.CheckpointEntry;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** Signs checkpoints with the journal's Ed25519 private key and checks them with a public key. */
public final class CheckpointSigner {

  private final PrivateKey privateKey;

  public CheckpointSigner(PrivateKey privateKey) {
    this.privateKey = java.util.Objects.requireNonNull(privateKey, "privateKey");
  }

  /** A signed checkpoint over (seq, timeNs, hash). */
  public CheckpointEntry sign(long seq, long timeNs, byte[] hash) {
    try {
      Signature s = Signature.getInstance(JournalKeys.ALGORITHM);
      s.initSign(privateKey);
      s.update(CheckpointEntry.signedBytes(seq, timeNs, hash));
      return new CheckpointEntry(seq, timeNs, hash, s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** True when {@code entry}'s signature is valid under {@code publicKey}. */
  public static boolean verify(CheckpointEntry entry, PublicKey publicKey) {
    try {
      Signature s = Signature.getInstance(JournalKeys.ALGORITHM);
      s.initVerify(publicKey);
      s.update(entry.signedBytes());
      return s.verify(entry.signature());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
