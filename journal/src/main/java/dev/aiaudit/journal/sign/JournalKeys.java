package dev.aiaudit.journal.sign;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Loads or creates the journal's Ed25519 key pair. The private key is PKCS#8 PEM ({@code BEGIN PRIVATE
 * KEY}) written with mode 0600 inside a 0700 directory; the public key is X.509 PEM ({@code BEGIN PUBLIC
 * KEY}) in the same place with {@code .pub} appended.
 */
public final class JournalKeys {

  public static final String ALGORITHM = "Ed25519";
  /** Default key file name inside {@code <journal dir>/keys/}. */
  public static final String DEFAULT_KEY_NAME = "journal-ed25519.key";

  private JournalKeys() {}

  /** The default private key file for a journal directory. */
  public static Path defaultKeyFile(Path journalDir) {
    return journalDir.resolve("keys").resolve(DEFAULT_KEY_NAME);
  }

  /** The public key file that belongs to a private key file. */
  public static Path publicKeyFile(Path keyFile) {
    return keyFile.resolveSibling(keyFile.getFileName() + ".pub");
  }

  /**
   * Reads the key pair at {@code keyFile}, or creates it (and its {@code .pub}) when absent.
   *
   * @throws IOException when the files cannot be read or written, or do not hold an Ed25519 key
   */
  public static KeyPair loadOrCreate(Path keyFile) throws IOException {
    if (Files.exists(keyFile)) {
      return load(keyFile);
    }
    KeyPair kp = generate();
    try {
      write(keyFile, kp);
    } catch (FileAlreadyExistsException e) {
      return load(keyFile);
    }
    return kp;
  }

  /** Reads the key pair at {@code keyFile} and its {@code .pub}; checks that they belong together. */
  public static KeyPair load(Path keyFile) throws IOException {
    Path pub = publicKeyFile(keyFile);
    PrivateKey priv = readPrivateKey(keyFile);
    if (!Files.exists(pub)) {
      throw new IOException("public key " + pub + " is missing beside " + keyFile);
    }
    KeyPair kp = new KeyPair(readPublicKey(pub), priv);
    if (!matches(kp)) {
      throw new IOException("public key " + pub + " does not belong to the private key " + keyFile);
    }
    return kp;
  }

  /** A new Ed25519 key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks Ed25519", e);
    }
  }

  /** True when the public key checks what the private key signs. */
  public static boolean matches(KeyPair kp) {
    byte[] probe = "ai-audit key pair check".getBytes(StandardCharsets.US_ASCII);
    try {
      java.security.Signature s = java.security.Signature.getInstance(ALGORITHM);
      s.initSign(kp.getPrivate());
      s.update(probe);
      byte[] sig = s.sign();
      return KeyRotation.verifyWith(kp.getPublic(), probe, sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Where {@code keys rotate} stages the next key before the journal names it. */
  public static Path nextKeyFile(Path keyFile) {
    return keyFile.resolveSibling(keyFile.getFileName() + ".next");
  }

  /**
   * Writes a key pair: the private key with mode 0600 (through a temporary file renamed into place, so a
   * crash leaves no half key), then the {@code .pub}, both forced, directory forced.
   *
   * @throws FileAlreadyExistsException when {@code keyFile} appeared meanwhile
   */
  public static void write(Path keyFile, KeyPair kp) throws IOException {
    Path pub = publicKeyFile(keyFile);
    Path parent = keyFile.toAbsolutePath().getParent();
    if (!Files.isDirectory(parent)) {
      Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    writeDurably(tmp, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
    writeDurably(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()));
    try {
      Files.move(tmp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    fsyncDir(parent);
  }

  /** Moves a staged key pair ({@code from} and its .pub) over {@code to} and its .pub, atomically each. */
  public static void install(Path from, Path to) throws IOException {
    Files.move(publicKeyFile(from), publicKeyFile(to), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    fsyncDir(to.toAbsolutePath().getParent());
  }

  private static void fsyncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static void writeDurably(Path file, String text) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  /** Reads a public key from PEM ({@code BEGIN PUBLIC KEY}) or raw X.509 DER. */
  public static PublicKey readPublicKey(Path file) throws IOException {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(file, "PUBLIC KEY")));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(file + " does not hold an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  public static PrivateKey readPrivateKey(Path file) throws IOException {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(file, "PRIVATE KEY")));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(file + " does not hold an Ed25519 private key: " + e.getMessage(), e);
    }
  }

  private static byte[] der(Path file, String label) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    String text = new String(raw, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + label + "-----";
    int b = text.indexOf(begin);
    if (b < 0) {
      return raw;
    }
    int e = text.indexOf("-----END " + label + "-----", b);
    if (e < 0) {
      throw new IOException(file + ": PEM block '" + label + "' is not terminated");
    }
    return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
