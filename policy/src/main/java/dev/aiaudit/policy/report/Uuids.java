package dev.aiaudit.policy.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** Deterministic name-based (version 5, SHA-1) UUIDs, so identical runs give identical documents. */
final class Uuids {
  private static final String NAMESPACE = "ai-audit.dev/policy/";

  private Uuids() {}

  static String v5(String name) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-1").digest((NAMESPACE + name).getBytes(StandardCharsets.UTF_8));
      h[6] = (byte) ((h[6] & 0x0f) | 0x50);
      h[8] = (byte) ((h[8] & 0x3f) | 0x80);
      long msb = 0;
      long lsb = 0;
      for (int i = 0; i < 8; i++) {
        msb = (msb << 8) | (h[i] & 0xff);
        lsb = (lsb << 8) | (h[i + 8] & 0xff);
      }
      return new UUID(msb, lsb).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
