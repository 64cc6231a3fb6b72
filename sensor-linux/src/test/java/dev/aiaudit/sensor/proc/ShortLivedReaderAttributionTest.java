package dev.aiaudit.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.Attribution;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.sensor.SensorConfig;
import dev.aiaudit.sensor.fanotify.FanotifySensor;
import dev.aiaudit.testing.InMemorySink;
import dev.aiaudit.testing.Privileges;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 4: 20 each of cat, cp, dd, head and a python one-liner, each living a few
 * milliseconds, read watched files through the real fanotify sensor; every open and read record of
 * theirs names the right executable and the user, although /proc/PID is gone when it is enriched.
 */
class ShortLivedReaderAttributionTest {
  private static final int EACH = 20;

  @TempDir Path tmp;

  @Test
  void everyOpenAndReadRecord_ofShortLivedReaders_hasExeAndUser() throws Exception {
    Privileges.assumeCapSysAdmin("fanotify and the process events connector");
    Path root = Files.createDirectories(tmp.resolve("models")).toRealPath();
    Path copies = Files.createDirectories(tmp.resolve("copies")).toRealPath();
    byte[] weights = new byte[64 * 1024];
    new java.util.Random(8).nextBytes(weights);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 5 * EACH; i++) {
      files.add(Files.write(root.resolve("model-" + i + ".safetensors"), weights));
    }
    Path python = Path.of("/usr/bin/python3");
    Privileges.assume(Files.isExecutable(python), "/usr/bin/python3 is needed for the python one-liner readers");
    InMemorySink sink = new InMemorySink();
    SensorConfig cfg = SensorConfig.builder().addRoot(root).setHost("test-host")
        .setReadCoalesceInterval(Duration.ofMillis(300)).build();
    Map<Long, String> expectedExe = new LinkedHashMap<>();
    try (FanotifySensor sensor = FanotifySensor.create(cfg, e -> sink.accept(List.of(e)))) {
      sensor.start();
      for (int i = 0; i < EACH; i++) {
        run(expectedExe, "/usr/bin/cat", List.of("/usr/bin/cat", files.get(i).toString()));
        run(expectedExe, "/usr/bin/cp", List.of("/usr/bin/cp", files.get(EACH + i).toString(), copies.resolve("c" + i).toString()));
        run(expectedExe, "/usr/bin/dd", List.of("/usr/bin/dd", "if=" + files.get(2 * EACH + i), "of=/dev/null", "bs=4k",
            "status=none"));
        run(expectedExe, "/usr/bin/head", List.of("/usr/bin/head", "-c", "100", files.get(3 * EACH + i).toString()));
        run(expectedExe, python.toString(), List.of(python.toString(), "-c",
            "open('" + files.get(4 * EACH + i) + "','rb').read()"));
      }
      // every reader has its open record; its coalesced reads follow within the interval
      sink.await(FileEvent.class, f -> f.activity() == FileActivity.OPEN && expectedExe.containsKey((long) f.process().pid()),
          expectedExe.size(), Duration.ofSeconds(30));
      Thread.sleep(1_000);
      sensor.close();
      List<FileEvent> mine = new ArrayList<>();
      for (Event e : sink.events()) {
        if (e instanceof FileEvent f && expectedExe.containsKey((long) f.process().pid())
            && (f.activity() == FileActivity.OPEN || f.activity() == FileActivity.READ)) {
          mine.add(f);
        }
      }
      long opens = mine.stream().filter(f -> f.activity() == FileActivity.OPEN).map(f -> f.process().pid()).distinct().count();
      long good = mine.stream().filter(f -> expectedExe.get((long) f.process().pid()).equals(f.process().exe())
          && f.process().uid() == 0 && "root".equals(f.process().user())).count();
      long exact = mine.stream().filter(f -> f.process().attribution() == Attribution.EXACT).count();
      System.out.printf("short-lived readers: %d processes, %d open/read records, %d (%.1f %%) with the right exe and user,"
          + " %d exact, %d with a cmdline; sensor %s%n", expectedExe.size(), mine.size(), good, 100.0 * good / mine.size(),
          exact, mine.stream().filter(f -> f.process().cmdline() != null).count(), sensor.stats());
      assertThat(opens).as("an open record for each of the %d readers", expectedExe.size()).isEqualTo(expectedExe.size());
      // reads: a READ record, or folded into the open record when the kernel merged them (unmapped.reads)
      assertThat(mine.stream().filter(f -> f.activity() == FileActivity.READ || f.reads() > 0).count())
          .as("records of reads").isGreaterThan(0);
      for (FileEvent f : mine) {
        assertThat(f.process().exe()).as("exe of %s", f).isEqualTo(expectedExe.get((long) f.process().pid()));
        assertThat(f.process().user()).as("user of %s", f).isEqualTo("root");
        assertThat(f.process().uid()).isZero();
        assertThat(f.process().attribution()).as("attribution of %s", f).isEqualTo(Attribution.EXACT);
        assertThat(f.process().ppid()).as("parent of %s", f).isPositive();
      }
    }
  }

  private static void run(Map<Long, String> expected, String exe, List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.to(new File("/dev/null"))).start();
    expected.put(p.pid(), Path.of(exe).toRealPath().toString());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s", cmd).isZero();
  }
}
