package dev.aiaudit.journal;

import static dev.aiaudit.journal.JournalFiles.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.testing.Privileges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unwritable, read-only and full journal directories: one clear error naming the path, nothing lost. */
class JournalBadInputTest {

  @TempDir Path tmp;

  @Test
  void open_fileWhereDirectoryExpected_namesPath() throws Exception {
    Path file = tmp.resolve("journal");
    Files.writeString(file, "not a directory");
    assertThatThrownBy(() -> Journal.open(file, JournalOptions.defaults()))
        .isInstanceOf(JournalException.class)
        .hasMessage("journal directory " + file + " is not a directory");
  }

  @Test
  void open_parentIsAFile_namesPath() throws Exception {
    Path file = tmp.resolve("data");
    Files.writeString(file, "x");
    Path dir = file.resolve("journal");
    assertThatThrownBy(() -> Journal.open(dir, JournalOptions.defaults()))
        .isInstanceOf(JournalException.class)
        .hasMessageStartingWith("cannot create journal directory " + dir + ": ");
  }

  @Test
  void open_directoryWithoutWritePermission_namesPath() throws Exception {
    if (Privileges.isRoot()) {
      System.out.println("SKIPPED open_directoryWithoutWritePermission_namesPath: root ignores mode 0500 (covered by the read-only mount test)");
      assumeTrue(false, "root ignores mode 0500");
    }
    Path dir = Files.createDirectory(tmp.resolve("ro"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
    try {
      assertThatThrownBy(() -> Journal.open(dir, JournalOptions.defaults()))
          .isInstanceOf(JournalException.class)
          .hasMessageContaining(dir.toString())
          .hasMessageContaining("not writable");
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void open_readOnlyFileSystem_namesPathAndVerifyStillWorks() throws Exception {
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    mountTmpfs(mnt, "size=1m");
    try {
      Path dir = mnt.resolve("journal");
      try (Journal j = Journal.open(dir, JournalOptions.defaults())) {
        j.append(batch(0, 10));
      }
      run("mount", "-o", "remount,ro", mnt.toString());
      assertThatThrownBy(() -> Journal.open(dir, JournalOptions.defaults()))
          .isInstanceOf(JournalException.class)
          .hasMessage("journal directory " + dir + " is not writable (read-only file system or missing permission)");
      Path fresh = mnt.resolve("other");
      assertThatThrownBy(() -> Journal.open(fresh, JournalOptions.defaults()))
          .isInstanceOf(JournalException.class)
          .hasMessageStartingWith("cannot create journal directory " + fresh + ": ")
          .hasMessageContaining("Read-only file system");
      VerifyResult v = JournalVerifier.verify(dir, null);
      assertThat(v.ok()).isTrue();
      assertThat(v.records()).isEqualTo(10);
    } finally {
      run("umount", mnt.toString());
    }
  }

  @Test
  void append_diskFull_failsCleanlyAndResumesWhenSpaceIsFreed() throws Exception {
    Path mnt = Files.createDirectory(tmp.resolve("full"));
    mountTmpfs(mnt, "size=512k");
    try {
      Path dir = mnt.resolve("journal");
      Path filler = mnt.resolve("filler");
      Files.write(filler, new byte[128 * 1024]);
      List<RecordedEvent> acked = new ArrayList<>();
      JournalException failure = null;
      Journal j = Journal.open(dir, JournalOptions.defaults());
      try {
        for (int i = 0; i < 10_000 && failure == null; i++) {
          try {
            acked.addAll(j.append(batch(acked.size(), 50)));
          } catch (JournalException e) {
            failure = e;
          }
        }
        assertThat(failure).as("the 512k tmpfs should fill up").isNotNull();
        assertThat(failure.getMessage())
            .startsWith("cannot append to journal segment " + dir.resolve("segment-00000000000000000001.log"))
            .contains("No space left on device")
            .contains("records up to seq " + acked.size() + " are safe");
        assertThat(j.lastSeq()).isEqualTo(acked.size());
        // still full: fails again, same clean way
        assertThatThrownBy(() -> j.append(batch(0, 50))).isInstanceOf(JournalException.class);
        Files.delete(filler);
        List<RecordedEvent> more = j.append(batch(acked.size(), 50));
        assertThat(more.getFirst().seq()).isEqualTo(acked.size() + 1);
        acked.addAll(more);
      } finally {
        j.close();
      }
      VerifyResult v = JournalVerifier.verify(dir, null);
      assertThat(v.ok()).as(v.problem()).isTrue();
      assertThat(v.records()).isEqualTo(acked.size());
      try (Stream<RecordedEvent> s = Journal.read(dir, 1)) {
        assertThat(s.toList()).isEqualTo(acked);
      }
    } finally {
      run("umount", mnt.toString());
    }
  }

  private static void mountTmpfs(Path mnt, String opts) throws Exception {
    if (!Privileges.isLinux() || !Privileges.isRoot()) {
      System.out.println("SKIPPED tmpfs test: needs root on Linux to mount a tmpfs");
      assumeTrue(false, "needs root on Linux to mount a tmpfs");
    }
    int rc = run("mount", "-t", "tmpfs", "-o", opts, "tmpfs", mnt.toString());
    if (rc != 0) {
      System.out.println("SKIPPED tmpfs test: mount failed with exit code " + rc);
      assumeTrue(false, "mount -t tmpfs failed (exit " + rc + ")");
    }
  }

  private static int run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    int rc = p.waitFor();
    if (rc != 0) {
      System.out.println(String.join(" ", cmd) + ": exit " + rc + ": " + out.strip());
    }
    return rc;
  }
}
