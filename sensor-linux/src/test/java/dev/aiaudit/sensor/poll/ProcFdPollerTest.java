package dev.aiaudit.sensor.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.sensor.SensorConfig;
import dev.aiaudit.testing.InMemorySink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs without privileges: a child of the same user is always visible in /proc. */
class ProcFdPollerTest {
  @TempDir Path tmp;

  @Test
  void start_childHoldsFileOpenUnderRoot_openReportedOnceWithPid() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    Path weights = Files.writeString(root.resolve("w.gguf"), "x");
    Path outside = Files.writeString(tmp.resolve("o.gguf"), "x");
    InMemorySink sink = new InMemorySink();
    Consumer<Event> out = e -> sink.accept(List.of(e));
    SensorConfig cfg = SensorConfig.builder().addRoot(root).setPollInterval(Duration.ofMillis(100)).setHost("h").build();
    // holds the fds well past the poller's start, which takes seconds on a loaded machine; destroyed below
    Process child = new ProcessBuilder("/bin/sh", "-c", "exec 3< \"$0\"; exec 4< \"$1\"; sleep 20", weights.toString(),
        outside.toString()).start();
    try (ProcFdPoller poller = ProcFdPoller.create(cfg, out, "no CAP_SYS_ADMIN")) {
      poller.start();
      List<FileEvent> opens = sink.await(FileEvent.class,
          e -> e.process().pid() == child.pid() && e.path().equals(weights.toString()), 1, Duration.ofSeconds(10));
      assertThat(opens).singleElement().satisfies(e -> {
        assertThat(e.activity()).isEqualTo(FileActivity.OPEN);
        assertThat(e.asset()).isEqualTo(AssetKind.MODEL_WEIGHTS);
        assertThat(e.source()).isEqualTo("proc-poll");
        assertThat(e.process().exe()).isEqualTo(Path.of("/bin/sh").toRealPath().toString());
      });
      Thread.sleep(400); // several more scans: still one event while the file stays open
      assertThat(sink.events()).filteredOn(FileEvent.class::isInstance).map(FileEvent.class::cast)
          .filteredOn(e -> e.process().pid() == child.pid()).extracting(FileEvent::path).containsExactly(weights.toString());
      assertThat(sink.events()).filteredOn(SensorEvent.class::isInstance).map(SensorEvent.class::cast)
          .extracting(SensorEvent::kind).contains(SensorEvent.Kind.SENSOR_DEGRADED, SensorEvent.Kind.SENSOR_STARTED);
      assertThat(poller.description()).startsWith("proc-poll every 100ms (degraded)");
      assertThat(poller.stats().eventsRead()).isPositive();
    } finally {
      child.destroy();
      child.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void parsePid_digitsOnly() {
    assertThat(FdScanner.parsePid("4242")).isEqualTo(4242);
    assertThat(FdScanner.parsePid("self")).isEqualTo(-1);
    assertThat(FdScanner.parsePid("")).isEqualTo(-1);
  }
}
