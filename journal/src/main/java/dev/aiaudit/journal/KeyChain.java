package dev.aiaudit.journal;

import dev.aiaudit.journal.format.CheckpointEntry;
import dev.aiaudit.journal.sign.CheckpointSigner;
import dev.aiaudit.journal.sign.KeyRotation;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The verifier's view of the signing keys while it walks the journal: checkpoints before the first
 * {@code key_rotated} record are signed by the first key, which the first rotation names (or, with no
 * rotation, the trusted key / the journal's own key); each rotation, signed by the key in force, hands over
 * to the key it names. At the end the chain must be anchored: the trusted key must be one of its keys (and
 * have signed something, unless it is the first), or, without a trusted key, the journal's own public key
 * file must be the last key.
 */
final class KeyChain {

  /** Where problems go (the verifier keeps the one with the lowest seq). */
  interface Problems {
    void problem(long seq, String kind, String what);
  }

  private record Pending(String label, CheckpointEntry cp) {}

  private final PublicKey trusted;
  private final PublicKey own;
  private final Problems problems;
  private final List<PublicKey> keys = new ArrayList<>();
  private final List<Integer> signedBy = new ArrayList<>();
  private final List<Pending> deferred = new ArrayList<>();
  private long firstCheckpointSeq = -1;

  KeyChain(PublicKey trusted, PublicKey own, Problems problems) {
    this.trusted = trusted;
    this.own = own;
    this.problems = problems;
  }

  /** Checks a signed entry (a checkpoint or the high-water mark) with the key in force at its seq. */
  void signed(String label, CheckpointEntry cp) {
    if (firstCheckpointSeq < 0) {
      firstCheckpointSeq = cp.seq();
    }
    if (keys.isEmpty()) {
      deferred.add(new Pending(label, cp));
      return;
    }
    check(keys.size() - 1, label, cp);
  }

  private void check(int keyIndex, String label, CheckpointEntry cp) {
    if (CheckpointSigner.verify(cp, keys.get(keyIndex))) {
      signedBy.set(keyIndex, signedBy.get(keyIndex) + 1);
    } else {
      problems.problem(cp.seq(), VerifyResult.BAD_SIGNATURE, label + ": Ed25519 signature does not verify"
          + (keys.size() > 1 ? " with key " + KeyRotation.fingerprint(keys.get(keyIndex)) + " (in force at that seq)" : ""));
    }
  }

  /** A rotation record at {@code rot.seq()} whose predecessor's chain hash is {@code prevHash}. */
  void rotation(KeyRotation rot, byte[] prevHash) {
    if (keys.isEmpty()) {
      start(rot.oldKey());
    } else if (!KeyRotation.same(rot.oldKey(), current())) {
      problems.problem(rot.seq(), VerifyResult.BAD_SIGNATURE, "key rotation record %d names old key %s, but the key in force is %s"
          .formatted(rot.seq(), KeyRotation.fingerprint(rot.oldKey()), KeyRotation.fingerprint(current())));
      return;
    }
    if (!rot.verify(prevHash)) {
      problems.problem(rot.seq(), VerifyResult.BAD_SIGNATURE, "key rotation record %d is not signed by the key in force (%s): forged"
          .formatted(rot.seq(), KeyRotation.fingerprint(current())));
      return;
    }
    keys.add(rot.newKey());
    signedBy.add(0);
  }

  /** A record that claims to be a rotation but does not parse. */
  void malformed(long seq, String why) {
    problems.problem(seq, VerifyResult.BAD_SIGNATURE, "key rotation record " + seq + " is malformed: " + why);
  }

  private void start(PublicKey first) {
    keys.add(first);
    signedBy.add(0);
    for (Pending p : deferred) {
      check(0, p.label(), p.cp());
    }
    deferred.clear();
  }

  private PublicKey current() {
    return keys.getLast();
  }

  /** After the walk: resolves deferred checks and anchors the chain in the trusted (or the journal's own) key. */
  void finish() {
    if (keys.isEmpty()) {
      PublicKey first = trusted != null ? trusted : own;
      if (first == null) {
        for (Pending p : deferred) {
          problems.problem(p.cp().seq(), VerifyResult.BAD_SIGNATURE, "no public key to check " + p.label() + ": pass --public-key");
        }
        deferred.clear();
        return;
      }
      start(first);
      return; // a single key: it was the trusted or own key, nothing more to anchor
    }
    long at = Math.max(1, firstCheckpointSeq);
    if (trusted != null) {
      int i = indexOf(trusted);
      if (i < 0) {
        problems.problem(at, VerifyResult.BAD_SIGNATURE, "the trusted key " + KeyRotation.fingerprint(trusted)
            + " is not one of the journal's signing keys (" + describe() + ")");
      } else if (i > 0 && signedBy.subList(i, keys.size()).stream().mapToInt(Integer::intValue).sum() == 0) {
        problems.problem(at, VerifyResult.BAD_SIGNATURE, "the trusted key " + KeyRotation.fingerprint(trusted)
            + " is named by a key rotation but signed no checkpoint, so nothing is proven by it (" + describe() + ")");
      }
    } else if (own != null && !KeyRotation.same(own, current())) {
      problems.problem(at, VerifyResult.BAD_SIGNATURE, "the journal's own public key " + KeyRotation.fingerprint(own)
          + " is not the key in force after the last rotation (" + describe() + ")");
    }
  }

  private int indexOf(PublicKey k) {
    for (int i = 0; i < keys.size(); i++) {
      if (KeyRotation.same(keys.get(i), k)) {
        return i;
      }
    }
    return -1;
  }

  /** The chain as fingerprints: {@code a1b2… -> c3d4…}. */
  String describe() {
    return String.join(" -> ", keys.stream().map(KeyRotation::fingerprint).toList());
  }

  int rotations() {
    return Math.max(0, keys.size() - 1);
  }

  /** Fingerprints of the keys in order (the first key first). */
  List<String> fingerprints() {
    return keys.stream().map(KeyRotation::fingerprint).toList();
  }
}
