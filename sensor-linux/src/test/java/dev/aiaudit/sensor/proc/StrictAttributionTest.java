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
 * Strict attribution (issue 8, opt-in): with FAN_OPEN_PERM on the roots' directories, each short-lived
 * reader (cat, dd, head) is held in open(2) until its /proc entries are read, then allowed. Every open
 * and read record of theirs is exact and has its cmdline (which the process table alone may miss for a
 * process that exits before its exec message is read); every reader's read succeeds (never denied);
 * the agent's own opens under the root are not held up; a directory made after start is marked once
 * the reader has seen it.
 */
class StrictAttributionTest {
  private static final int EACH = 20;

  @TempDir Path tmp;

  @Test
  void shortLivedReaders_underStrictMode_areExactWithCmdline_andNeverDenied() throws Exception {
    Privileges.assumeCapSysAdmin("fanotify permission events and the process events connector");
    Path root = Files.createDirectories(tmp.resolve("models/sub")).getParent().toRealPath();
    byte[] weights = new byte[16 * 1024];
    new java.util.Random(9).nextBytes(weights);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 3 * EACH; i++) {
      files.add(Files.write(root.resolve(i % 2 == 0 ? "sub" : ".").resolve("w-" + i + ".safetensors").normalize(), weights));
    }
    InMemorySink sink = new InMemorySink();
    SensorConfig cfg = SensorConfig.builder().addRoot(root).setHost("test-host")
        .setReadCoalesceInterval(Duration.ofMillis(300)).build().withStrictAttribution(true);
    Map<Long, String> expected = new LinkedHashMap<>();
    try (FanotifySensor sensor = FanotifySensor.create(cfg, e -> sink.accept(List.of(e)))) {
      sensor.start();
      assertThat(sensor.description()).contains("strict attribution on 2 directories");
      assertThat(Files.readAllBytes(files.getFirst())).as("the agent's own open is not held up").hasSize(weights.length);
      for (int i = 0; i < EACH; i++) {
        run(expected, "/usr/bin/cat", List.of("/usr/bin/cat", files.get(i).toString()));
        run(expected, "/usr/bin/dd", List.of("/usr/bin/dd", "if=" + files.get(EACH + i), "of=/dev/null", "bs=4k",
            "status=none"));
        run(expected, "/usr/bin/head", List.of("/usr/bin/head", "-c", "100", files.get(2 * EACH + i).toString()));
      }
      // a directory made after start: marked when the reader first resolves it, then its opens are held too
      Path later = Files.write(Files.createDirectory(root.resolve("later")).resolve("late.safetensors"), weights);
      run(expected, "/usr/bin/cat", List.of("/usr/bin/cat", later.toString()));
      sink.await(FileEvent.class, f -> f.activity() == FileActivity.OPEN && expected.containsKey((long) f.process().pid()),
          expected.size(), Duration.ofSeconds(30));
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!sensor.strictStats().contains("3 directories held") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(sensor.strictStats()).contains("3 directories held");
      int heldBefore = held(sensor.strictStats());
      run(expected, "/usr/bin/cat", List.of("/usr/bin/cat", later.toString()));
      assertThat(held(sensor.strictStats())).as("the later directory's opener is held: %s", sensor.strictStats())
          .isGreaterThan(heldBefore);
      Thread.sleep(800);
      String strict = sensor.strictStats();
      sensor.close();
      List<FileEvent> mine = new ArrayList<>();
      for (Event e : sink.events()) {
        if (e instanceof FileEvent f && expected.containsKey((long) f.process().pid())
            && (f.activity() == FileActivity.OPEN || f.activity() == FileActivity.READ)) {
          mine.add(f);
        }
      }
      System.out.printf("strict attribution: %d readers, %d open/read records, %d exact, %d with a cmdline; %s%n",
          expected.size(), mine.size(), mine.stream().filter(f -> f.process().attribution() == Attribution.EXACT).count(),
          mine.stream().filter(f -> f.process().cmdline() != null).count(), strict);
      assertThat(held(strict)).as("openers held or known: %s", strict).isGreaterThanOrEqualTo(3 * EACH);
      assertThat(mine.stream().map(f -> f.process().pid()).distinct().count()).isEqualTo(expected.size());
      for (FileEvent f : mine) {
        assertThat(f.process().exe()).as("exe of %s", f).isEqualTo(expected.get((long) f.process().pid()));
        assertThat(f.process().user()).as("user of %s", f).isEqualTo("root");
        assertThat(f.process().attribution()).as("attribution of %s", f).isEqualTo(Attribution.EXACT);
        if (f.process().cmdline() != null) {
          assertThat(f.process().cmdline()).contains(Path.of(expected.get((long) f.process().pid())).getFileName().toString());
        }
      }
      // an opener allowed after the timeout (counted) may miss its cmdline, as without strict mode; no other may
      assertThat(mine.stream().filter(f -> f.process().cmdline() == null).count()).as("records without a cmdline: %s", strict)
          .isLessThanOrEqualTo(timeouts(strict));
    }
  }

  private static int timeouts(String stats) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) allowed after").matcher(stats);
    assertThat(m.find()).as("stats: %s", stats).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static int held(String stats) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) openers held for /proc, (\\d+) allowed at once").matcher(stats);
    assertThat(m.find()).as("stats: %s", stats).isTrue();
    return Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2));
  }

  private static void run(Map<Long, String> expected, String exe, List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.to(new File("/dev/null"))).start();
    expected.put(p.pid(), Path.of(exe).toRealPath().toString());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: read allowed", cmd).isZero();
  }
}
