package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.journal.sign.JournalKeys;
import dev.aiaudit.journal.sign.KeyRotation;
import dev.aiaudit.testing.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 6: {@code watch} refuses a key that does not match the journal and does not regenerate a
 * missing one; {@code keys rotate} journals the change and {@code verify} follows it.
 */
class KeysCommandTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  @TempDir Path tmp;
  Path data;
  Path root;
  Path keyFile;

  @BeforeEach
  void journal() throws Exception {
    data = tmp.resolve("data");
    root = Files.createDirectories(tmp.resolve("models"));
    try (Journal j = Journal.open(data.resolve("journal"), JournalOptions.defaults())) {
      j.append(List.of(Events.sample(0, T0), Events.sample(1, T0 + 1)));
    }
    keyFile = JournalKeys.defaultKeyFile(data.resolve("journal"));
  }

  private ReindexCommandTest.Result watch() {
    return ReindexCommandTest.run("watch", "--root", root.toString(), "--data-dir", data.toString(), "--no-gpu-devices");
  }

  @Test
  void watch_replacedKey_refusedWithOneLineExit2() throws Exception {
    Files.delete(keyFile);
    Files.delete(JournalKeys.publicKeyFile(keyFile));
    JournalKeys.write(keyFile, JournalKeys.generate());
    ReindexCommandTest.Result r = watch();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("ai-audit: cannot open the journal at ").contains("does not match the journal's last"
        + " signed checkpoint (seq 2)").contains("ai-audit keys rotate");
    assertThat(r.err().strip().lines().count()).isEqualTo(1);
    assertThat(r.out()).doesNotContain("running");
  }

  @Test
  void watch_missingKey_notRegenerated() throws Exception {
    Files.delete(keyFile);
    Files.delete(JournalKeys.publicKeyFile(keyFile));
    ReindexCommandTest.Result r = watch();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("signing key " + keyFile + " is missing").contains("refusing to create a new key");
    assertThat(keyFile).doesNotExist();
  }

  @Test
  void keysRotate_thenVerifyFollowsTheChain_oldAndNewTrustedKeys() throws Exception {
    Path oldPub = tmp.resolve("old.pub");
    Files.copy(JournalKeys.publicKeyFile(keyFile), oldPub);
    PublicKey old = JournalKeys.readPublicKey(oldPub);

    ReindexCommandTest.Result r = ReindexCommandTest.run("keys", "rotate", "--data-dir", data.toString());
    assertThat(r.code()).as(r.err()).isZero();
    PublicKey now = JournalKeys.readPublicKey(JournalKeys.publicKeyFile(keyFile));
    assertThat(KeyRotation.same(old, now)).isFalse();
    assertThat(r.out()).contains("rotated the journal signing key at seq 3: " + KeyRotation.fingerprint(old) + " -> "
        + KeyRotation.fingerprint(now));
    assertThat(JournalKeys.nextKeyFile(keyFile)).doesNotExist();

    // the journal goes on with the new key
    try (Journal j = Journal.open(data.resolve("journal"), JournalOptions.defaults())) {
      j.append(List.of(Events.sample(5, T0 + 5)));
    }
    ReindexCommandTest.Result own = ReindexCommandTest.run("verify", "--data-dir", data.toString());
    assertThat(own.code()).as(own.out() + own.err()).isZero();
    assertThat(own.out()).contains("keys:        " + KeyRotation.fingerprint(old) + " -> " + KeyRotation.fingerprint(now));
    ReindexCommandTest.Result trustedOld = ReindexCommandTest.run("verify", "--data-dir", data.toString(),
        "--public-key", oldPub.toString());
    assertThat(trustedOld.code()).as(trustedOld.out()).isZero();

    ReindexCommandTest.Result show = ReindexCommandTest.run("keys", "show", "--data-dir", data.toString());
    assertThat(show.code()).isZero();
    assertThat(show.out()).contains("fingerprint: " + KeyRotation.fingerprint(now)).contains("-----BEGIN PUBLIC KEY-----");
  }

  @Test
  void keysRotate_withAReplacedKey_refused() throws Exception {
    Files.delete(keyFile);
    Files.delete(JournalKeys.publicKeyFile(keyFile));
    JournalKeys.write(keyFile, JournalKeys.generate());
    ReindexCommandTest.Result r = ReindexCommandTest.run("keys", "rotate", "--data-dir", data.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("does not match the journal's last signed checkpoint");
  }
}
