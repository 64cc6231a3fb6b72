package dev.aiaudit.cli.fleet;

import dev.aiaudit.journal.format.JournalRecord;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/** Recomputes a journal record's chain hash from the previous hash and the record's seq, time and payload. */
final class ChainHash {
  private final MessageDigest sha;
  private final CRC32C crc = new CRC32C();
  private final byte[] out = new byte[JournalRecord.HASH_LENGTH];

  ChainHash() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  String of(String prevHashHex, long seq, long timeNs, byte[] payload) {
    ByteBuffer scratch = ByteBuffer.allocate(JournalRecord.OVERHEAD + payload.length);
    JournalRecord.write(scratch, seq, timeNs, payload, sha, crc, HexFormat.of().parseHex(prevHashHex), out);
    return HexFormat.of().formatHex(out);
  }
}
