package dev.aiaudit.journal.sign;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A change of the journal's signing key, journaled as a record of its own (a {@code key_rotated} sensor
 * event whose message is {@link #message()}). The old key signs, inside the record, the bytes
 * {@code "ai-audit key rotation v1\0" ‖ seq ‖ previous chain hash ‖ old key (X.509 DER) ‖ new key
 * (X.509 DER)}: the rotation is bound to its place in the chain and cannot be moved or replayed. Checkpoints
 * at seqs before the rotation record are signed by the old key, from the rotation record on by the new one.
 *
 * @param seq the rotation record's seq
 * @param oldKey the key in force before
 * @param newKey the key in force from {@code seq} on
 * @param signature Ed25519 signature by {@code oldKey} over {@link #signedBytes}
 */
public record KeyRotation(long seq, PublicKey oldKey, PublicKey newKey, byte[] signature) {

  /** Start of the record's message. */
  public static final String PREFIX = "journal signing key rotated;";
  private static final byte[] DOMAIN = "ai-audit key rotation v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern FIELDS = Pattern.compile(
      Pattern.quote(PREFIX) + " old_key=([A-Za-z0-9+/=]{1,200}) new_key=([A-Za-z0-9+/=]{1,200}) signature=([A-Za-z0-9+/=]{1,200})");

  public KeyRotation {
    Objects.requireNonNull(oldKey, "oldKey");
    Objects.requireNonNull(newKey, "newKey");
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The bytes the old key signs. */
  public static byte[] signedBytes(long seq, byte[] prevHash, PublicKey oldKey, PublicKey newKey) {
    byte[] o = oldKey.getEncoded();
    byte[] n = newKey.getEncoded();
    return ByteBuffer.allocate(DOMAIN.length + 8 + prevHash.length + o.length + n.length)
        .put(DOMAIN).putLong(seq).put(prevHash).put(o).put(n).array();
  }

  /** A rotation at {@code seq} (after the record whose chain hash is {@code prevHash}), signed by the old key. */
  public static KeyRotation sign(long seq, byte[] prevHash, PrivateKey oldPrivate, PublicKey oldKey, PublicKey newKey) {
    try {
      Signature s = Signature.getInstance(JournalKeys.ALGORITHM);
      s.initSign(oldPrivate);
      s.update(signedBytes(seq, prevHash, oldKey, newKey));
      return new KeyRotation(seq, oldKey, newKey, s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** True when the old key's signature holds for this place in the chain. */
  public boolean verify(byte[] prevHash) {
    return verifyWith(oldKey, signedBytes(seq, prevHash, oldKey, newKey), signature);
  }

  /** The record's message: the prefix, both keys and the signature, Base64. */
  public String message() {
    Base64.Encoder b = Base64.getEncoder();
    return PREFIX + " old_key=" + b.encodeToString(oldKey.getEncoded()) + " new_key=" + b.encodeToString(newKey.getEncoded())
        + " signature=" + b.encodeToString(signature);
  }

  /**
   * Reads a rotation record's message.
   *
   * @throws IllegalArgumentException when it is not a well-formed rotation message
   */
  public static KeyRotation parse(long seq, String message) {
    Matcher m = FIELDS.matcher(message);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a well-formed key rotation message");
    }
    Base64.Decoder d = Base64.getDecoder();
    return new KeyRotation(seq, publicKey(d.decode(m.group(1))), publicKey(d.decode(m.group(2))), d.decode(m.group(3)));
  }

  /** A short fingerprint of a public key: the first 8 bytes of SHA-256 over its DER, hex. */
  public static String fingerprint(PublicKey key) {
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return java.util.HexFormat.of().formatHex(Arrays.copyOf(h, 8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether two public keys are the same key. */
  public static boolean same(PublicKey a, PublicKey b) {
    return a != null && b != null && Arrays.equals(a.getEncoded(), b.getEncoded());
  }

  static boolean verifyWith(PublicKey key, byte[] data, byte[] sig) {
    try {
      Signature s = Signature.getInstance(JournalKeys.ALGORITHM);
      s.initVerify(key);
      s.update(data);
      return s.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static PublicKey publicKey(byte[] der) {
    try {
      return KeyFactory.getInstance(JournalKeys.ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyRotation r && r.seq == seq && same(r.oldKey, oldKey) && same(r.newKey, newKey)
        && Arrays.equals(r.signature, signature);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seq);
  }

  @Override
  public String toString() {
    return "KeyRotation[seq=" + seq + ", old=" + fingerprint(oldKey) + ", new=" + fingerprint(newKey) + "]";
  }
}
