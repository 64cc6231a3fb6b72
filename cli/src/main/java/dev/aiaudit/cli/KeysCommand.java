package dev.aiaudit.cli;

import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalException;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.journal.sign.JournalKeys;
import dev.aiaudit.journal.sign.KeyRotation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ai-audit keys}: the journal's signing key. {@code show} prints the public key; {@code rotate}
 * changes the key as a journaled act: the old key signs a {@code key_rotated} record naming the new public
 * key, and checkpoints from that record on are signed by the new key, so {@code verify} follows the chain.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Show or rotate the journal's Ed25519 signing key.",
    subcommands = {KeysCommand.Show.class, KeysCommand.Rotate.class})
public final class KeysCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  static Path journalDir(Path dataDir) {
    return dataDir.resolve("journal");
  }

  /** {@code keys show}: the public key, its fingerprint and where it lives. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the journal's public key (PEM) and its fingerprint.",
      exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:printed", "2:no key or no journal"})
  static final class Show implements Callable<Integer> {
    @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR", description = "data directory (default ./ai-audit-data)")
    Path dataDir = Path.of("ai-audit-data");

    @Override
    public Integer call() {
      Path key = JournalKeys.defaultKeyFile(journalDir(dataDir));
      Path pub = JournalKeys.publicKeyFile(key);
      PublicKey pk;
      try {
        pk = JournalKeys.readPublicKey(pub);
      } catch (IOException e) {
        System.err.println("ai-audit keys: cannot read the journal's public key " + pub + ": " + e.getMessage());
        return 2;
      }
      System.out.println("public key:  " + pub);
      System.out.println("private key: " + key + (Files.exists(key) ? "" : " (missing)"));
      System.out.println("fingerprint: " + KeyRotation.fingerprint(pk) + " (SHA-256 of the DER, first 8 bytes)");
      System.out.print("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pk.getEncoded())
          + "\n-----END PUBLIC KEY-----\n");
      return 0;
    }
  }

  /** {@code keys rotate}: a new key, journaled as a rotation signed by the old one. */
  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = {"Generate a new signing key and journal the change: the old key signs a key_rotated record naming the"
          + " new public key; later checkpoints are signed by the new key. Stop 'watch' first."},
      exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:rotated", "2:could not rotate (journal open, key missing"
          + " or not matching the journal)"})
  static final class Rotate implements Callable<Integer> {
    @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR", description = "data directory (default ./ai-audit-data)")
    Path dataDir = Path.of("ai-audit-data");

    @Override
    public Integer call() {
      Path dir = journalDir(dataDir);
      if (!Files.isDirectory(dir)) {
        System.err.println("ai-audit keys rotate: no journal at " + dir.toAbsolutePath());
        return 2;
      }
      Path keyFile = JournalKeys.defaultKeyFile(dir);
      Path staged = JournalKeys.nextKeyFile(keyFile);
      KeyRotation rot;
      try (Journal journal = Journal.open(dir, JournalOptions.defaults())) {
        KeyPair next = JournalKeys.generate();
        JournalKeys.write(staged, next);
        rot = journal.rotateKey(next, host());
      } catch (JournalException | IOException e) {
        System.err.println("ai-audit keys rotate: " + e.getMessage());
        return 2;
      }
      try {
        JournalKeys.install(staged, keyFile);
      } catch (IOException e) {
        System.err.println("ai-audit keys rotate: the rotation is journaled (seq " + rot.seq() + ") but the new key could"
            + " not be installed (" + e.getMessage() + "); the next start of the journal finishes it from " + staged);
        return 2;
      }
      System.out.println("rotated the journal signing key at seq " + rot.seq() + ": " + KeyRotation.fingerprint(rot.oldKey())
          + " -> " + KeyRotation.fingerprint(rot.newKey()));
      System.out.println("new public key: " + JournalKeys.publicKeyFile(keyFile)
          + " (keep a copy off this host for 'ai-audit verify --public-key')");
      return 0;
    }

    private static String host() {
      try {
        String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        return h.isEmpty() ? "localhost" : h;
      } catch (IOException e) {
        return "localhost";
      }
    }
  }
}
