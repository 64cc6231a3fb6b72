package dev.aiaudit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.testing.Privileges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk and a read-only file system, on a 1 MiB tmpfs (needs CAP_SYS_ADMIN to mount; skipped otherwise). */
class EventStoreDiskTest {
  @TempDir Path dir;
  private Path mount;

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      run("umount", mount.toString());
    }
  }

  @Test
  void insert_diskFull_namesThePathOnce() throws Exception {
    Path file = tmpfs().resolve("events.duckdb");
    try (EventStore store = EventStore.openDuckDb(file)) {
      assertThatThrownBy(() -> {
        for (long seq = 1; seq < 2_000_000; seq += 4096) {
          store.insert(StoreFixtures.records(seq, 4096));
        }
      }).isInstanceOf(StoreException.class)
          .hasMessage("cannot write event store " + file + ": no space left on device")
          .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.DISK_FULL);
    }
  }

  @Test
  void openDuckDb_diskAlreadyFull_namesThePath() throws Exception {
    Path fs = tmpfs();
    fill(fs.resolve("filler"));
    Path file = fs.resolve("events.duckdb");

    assertThatThrownBy(() -> EventStore.openDuckDb(file))
        .hasMessage("cannot create event store " + file + ": no space left on device")
        .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.DISK_FULL);
  }

  @Test
  void openDuckDb_readOnlyFileSystem_namesThePath() throws Exception {
    Path fs = tmpfs();
    Privileges.assume(run("mount", "-o", "remount,ro", fs.toString()), "cannot remount read-only");
    Path file = fs.resolve("data/events.duckdb");

    assertThatThrownBy(() -> EventStore.openDuckDb(file))
        .hasMessage("cannot create event store " + file + ": " + fs.resolve("data") + ": Read-only file system")
        .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.NOT_WRITABLE);
  }

  private Path tmpfs() throws Exception {
    Privileges.assume(Privileges.isLinux() && Privileges.hasCapSysAdmin(), "needs CAP_SYS_ADMIN to mount a small tmpfs");
    Path m = Files.createDirectory(dir.resolve("fs"));
    Privileges.assume(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", m.toString()), "mount of a tmpfs failed");
    mount = m;
    return m;
  }

  private static void fill(Path f) throws IOException {
    byte[] block = new byte[64 * 1024];
    try (var out = Files.newOutputStream(f)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      assertThat(e.getMessage()).contains("No space left");
    }
  }

  private static boolean run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
