package dev.aiaudit.journal;

import dev.aiaudit.journal.format.CheckpointEntry;
import dev.aiaudit.journal.sign.CheckpointSigner;
import dev.aiaudit.journal.sign.JournalKeys;
import dev.aiaudit.journal.sign.KeyRotation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which signing key a journal may be opened with. A key is created only for a journal that holds nothing
 * yet; an existing journal needs the key that signed its last checkpoint. A missing or replaced key is
 * refused with one line: a key change is an explicit, journaled act ({@link Journal#rotateKey}).
 */
final class KeyGuard {

  private static final Logger LOG = LoggerFactory.getLogger(KeyGuard.class);

  private KeyGuard() {}

  static KeyPair keysFor(Path dir, Path keyFile, Recovery.State state) {
    boolean existing = state.lastSeq() > 0 || state.lastCheckpoint() != null;
    Path next = JournalKeys.nextKeyFile(keyFile);
    if (!Files.exists(keyFile)) {
      if (existing) {
        throw new JournalException("the journal signing key " + keyFile + " is missing, but journal " + dir
            + " already holds records up to seq " + state.lastSeq() + "; refusing to create a new key (a key change"
            + " must be explicit): restore the key file and its .pub, or start a new journal directory");
      }
      try {
        return JournalKeys.loadOrCreate(keyFile);
      } catch (IOException e) {
        throw new JournalException("cannot create the journal signing key " + keyFile + ": " + Journal.describe(e), e);
      }
    }
    KeyPair kp = load(keyFile);
    CheckpointEntry last = state.lastCheckpoint();
    if (last != null && !CheckpointSigner.verify(last, kp.getPublic())) {
      if (Files.exists(next)) {
        KeyPair staged = load(next);
        if (CheckpointSigner.verify(last, staged.getPublic())) {
          // 'keys rotate' journaled the rotation but was stopped before it installed the new key.
          try {
            JournalKeys.install(next, keyFile);
          } catch (IOException e) {
            throw new JournalException("cannot finish the interrupted key rotation (" + next + " -> " + keyFile + "): "
                + Journal.describe(e), e);
          }
          LOG.warn("journal {}: finished an interrupted key rotation: installed {} as {}", dir, next, keyFile);
          return staged;
        }
      }
      throw new JournalException("the signing key " + keyFile + " (" + KeyRotation.fingerprint(kp.getPublic())
          + ") does not match the journal's last signed checkpoint (seq " + last.seq() + "): the key was replaced"
          + " or belongs to another journal; restore the key that signed it (a key change must go through"
          + " 'ai-audit keys rotate')");
    }
    if (Files.exists(next)) {
      try {
        Files.deleteIfExists(JournalKeys.publicKeyFile(next));
        Files.delete(next);
        LOG.warn("journal {}: removed {} left by a key rotation that never reached the journal", dir, next);
      } catch (IOException e) {
        LOG.warn("journal {}: cannot remove the stale staged key {}: {}", dir, next, Journal.describe(e));
      }
    }
    return kp;
  }

  private static KeyPair load(Path keyFile) {
    try {
      return JournalKeys.load(keyFile);
    } catch (IOException e) {
      throw new JournalException("cannot read the journal signing key " + keyFile + ": " + Journal.describe(e), e);
    }
  }
}
