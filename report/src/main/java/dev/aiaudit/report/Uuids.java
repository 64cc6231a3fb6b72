package dev.aiaudit.report;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * RFC 4122 (RFC 9562) version-5 name-based UUIDs: SHA-1 over a namespace UUID and a name, so that the same run gives
 * the same identifiers. Every report id lives in {@link #AI_AUDIT}, itself the v5 UUID of the DNS name
 * {@code ai-audit.dev}.
 */
public final class Uuids {
  /** RFC 4122 appendix C: the namespace of fully-qualified domain names. */
  public static final UUID NAMESPACE_DNS = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  /** The namespace of every identifier ai-audit derives: {@code v5(NAMESPACE_DNS, "ai-audit.dev")}. */
  public static final UUID AI_AUDIT = v5(NAMESPACE_DNS, "ai-audit.dev");

  private Uuids() {}

  /** The version-5 UUID of {@code name} in {@code namespace}. */
  public static UUID v5(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JDK", e);
    }
    sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
        .putLong(namespace.getLeastSignificantBits()).array());
    byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    h[6] = (byte) ((h[6] & 0x0f) | 0x50); // version 5
    h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }

  /** The version-5 UUID of {@code name} in the {@link #AI_AUDIT} namespace, as text. */
  public static String of(String name) {
    return v5(AI_AUDIT, name).toString();
  }
}
