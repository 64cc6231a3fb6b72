package dev.aiaudit.journal.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.journal.format.CheckpointEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointSignerTest {

  @TempDir Path dir;

  @Test
  void loadOrCreate_secondCall_returnsSameKeys() throws Exception {
    Path key = JournalKeys.defaultKeyFile(dir);
    KeyPair a = JournalKeys.loadOrCreate(key);
    KeyPair b = JournalKeys.loadOrCreate(key);
    assertThat(b.getPrivate().getEncoded()).isEqualTo(a.getPrivate().getEncoded());
    assertThat(JournalKeys.readPublicKey(JournalKeys.publicKeyFile(key)).getEncoded()).isEqualTo(a.getPublic().getEncoded());
    assertThat(Files.getPosixFilePermissions(key.getParent())).hasSize(3);
  }

  @Test
  void verify_signedCheckpoint_trueOnlyForSameValuesAndKey() throws Exception {
    KeyPair kp = JournalKeys.loadOrCreate(dir.resolve("k.key"));
    KeyPair other = JournalKeys.loadOrCreate(dir.resolve("other.key"));
    CheckpointEntry c = new CheckpointSigner(kp.getPrivate()).sign(10, 20, new byte[32]);
    assertThat(CheckpointSigner.verify(c, kp.getPublic())).isTrue();
    assertThat(CheckpointSigner.verify(c, other.getPublic())).isFalse();
    CheckpointEntry moved = new CheckpointEntry(11, 20, c.hash(), c.signature());
    assertThat(CheckpointSigner.verify(moved, kp.getPublic())).isFalse();
  }

  @Test
  void readPublicKey_garbage_saysWhichFile() throws Exception {
    Path f = Files.writeString(dir.resolve("x.pub"), "hello");
    assertThatThrownBy(() -> JournalKeys.readPublicKey(f)).hasMessageStartingWith(f + " does not hold an Ed25519 public key");
  }
}
