package dev.aiaudit.cli.evidence;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.journal.sign.JournalKeys;
import dev.aiaudit.journal.sign.KeyRotation;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a pack as it is produced: each entry streamed into the zip while its SHA-256 and size are counted, then
 * {@code manifest.json} listing every entry and {@code manifest.sig}, the Ed25519 signature of the manifest's exact
 * bytes. Memory does not grow with the size of an entry.
 */
final class PackWriter implements AutoCloseable {
  static final String MANIFEST = "manifest.json";
  static final String SIGNATURE = "manifest.sig";
  static final String FORMAT = "ai-audit-evidence-pack/1";

  /** One written entry. */
  record Entry(String name, String sha256, long size) {}

  private final ZipOutputStream zip;
  private final List<Entry> entries = new ArrayList<>();
  private boolean open;

  PackWriter(OutputStream out) {
    this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    zip.setLevel(6);
  }

  /** Starts entry {@code name}; write to the stream, then close it (which ends the entry, not the zip). */
  OutputStream entry(String name) throws IOException {
    if (open) {
      throw new IllegalStateException("the previous entry is still open");
    }
    if (name.equals(MANIFEST) || name.equals(SIGNATURE) || !PackVerifier.safeName(name)) {
      throw new IllegalArgumentException("not an entry name a pack may use: " + name);
    }
    zip.putNextEntry(new ZipEntry(name));
    open = true;
    MessageDigest sha = sha256();
    return new FilterOutputStream(zip) {
      private long size;
      private boolean closed;

      @Override
      public void write(int b) throws IOException {
        zip.write(b);
        sha.update((byte) b);
        size++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        zip.write(b, off, len);
        sha.update(b, off, len);
        size += len;
      }

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          zip.closeEntry();
          entries.add(new Entry(name, HexFormat.of().formatHex(sha.digest()), size));
          open = false;
        }
      }
    };
  }

  /** Writes a small entry in one go. */
  void entry(String name, byte[] content) throws IOException {
    try (OutputStream o = entry(name)) {
      o.write(content);
    }
  }

  /**
   * Adds the entry list and the signing key to {@code manifest}, writes it and its signature, and finishes the zip.
   *
   * @return the manifest as written
   */
  ObjectNode finish(ObjectNode manifest, KeyPair key) throws IOException {
    if (open) {
      throw new IllegalStateException("an entry is still open");
    }
    ObjectNode signing = manifest.putObject("signing");
    signing.put("algorithm", JournalKeys.ALGORITHM);
    signing.put("fingerprint", KeyRotation.fingerprint(key.getPublic()));
    signing.put("public_key", "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n");
    signing.put("signed", SIGNATURE + " holds the base64 Ed25519 signature of the exact bytes of " + MANIFEST);
    ArrayNode list = manifest.putArray("entries");
    for (Entry e : entries) {
      list.addObject().put("name", e.name()).put("sha256", e.sha256()).put("size", e.size());
    }
    byte[] bytes = EvidencePack.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    zip.putNextEntry(new ZipEntry(MANIFEST));
    zip.write(bytes);
    zip.closeEntry();
    zip.putNextEntry(new ZipEntry(SIGNATURE));
    zip.write((Base64.getEncoder().encodeToString(sign(bytes, key)) + "\n").getBytes(StandardCharsets.US_ASCII));
    zip.closeEntry();
    zip.finish();
    return manifest;
  }

  private static byte[] sign(byte[] bytes, KeyPair key) {
    try {
      Signature s = Signature.getInstance(JournalKeys.ALGORITHM);
      s.initSign(key.getPrivate());
      s.update(bytes);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
