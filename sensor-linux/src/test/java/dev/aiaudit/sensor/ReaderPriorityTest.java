package dev.aiaudit.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.Event;
import dev.aiaudit.sensor.fanotify.FanotifySensor;
import dev.aiaudit.sensor.fanotify.internal.LibC;
import dev.aiaudit.testing.InMemorySink;
import dev.aiaudit.testing.Privileges;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real setpriority(2) on real threads; the nice values are read back from /proc/self/task/TID/stat. */
class ReaderPriorityTest {
  @TempDir Path tmp;

  @AfterEach
  void clearProperty() {
    System.clearProperty(ReaderPriority.PROPERTY);
  }

  @Test
  void withoutTheProperty_theThreadKeepsItsNice() throws Exception {
    System.clearProperty(ReaderPriority.PROPERTY);
    int[] r = onThread(10, () -> ReaderPriority.apply("test") ? 1 : 0);
    assertThat(r[0]).as("applied").isZero();
    assertThat(r[1]).as("nice afterwards").isEqualTo(10);
  }

  @Test
  void aValueThatIsNoNiceLevel_isRefusedAndChangesNothing() throws Exception {
    System.setProperty(ReaderPriority.PROPERTY, "high");
    int[] r = onThread(10, () -> ReaderPriority.apply("test") ? 1 : 0);
    assertThat(r[0]).isZero();
    assertThat(r[1]).isEqualTo(10);
  }

  @Test
  void aReaderThreadOfANicedAgent_goesBackToTheGivenNice_onlyThatThread() throws Exception {
    Privileges.assumeRoot("raising a thread's priority needs CAP_SYS_NICE");
    System.setProperty(ReaderPriority.PROPERTY, "0");
    int[] r = onThread(10, () -> ReaderPriority.apply("test") ? 1 : 0);
    assertThat(r[0]).as("applied").isEqualTo(1);
    assertThat(r[1]).as("the reader's nice").isZero();
    assertThat(ReaderPriority.describe()).isEqualTo("kernel-queue readers at nice 0 (agent at nice 10)");
  }

  /**
   * The agent as the launcher starts it (every thread at nice 10): the fanotify reader thread runs at nice 0, the
   * enrichment thread (downstream, same name prefix) stays at 10.
   */
  @Test
  void fanotifySensor_readerAtTheGivenNice_enrichmentStaysNiced() throws Exception {
    Privileges.assumeCapSysAdmin("fanotify");
    Privileges.assumeRoot("raising a thread's priority needs CAP_SYS_NICE");
    System.setProperty(ReaderPriority.PROPERTY, "0");
    Path root = Files.createDirectories(tmp.resolve("watched")).toRealPath();
    InMemorySink sink = new InMemorySink();
    Consumer<Event> out = e -> sink.accept(List.of(e));
    AtomicReference<FanotifySensor> sensor = new AtomicReference<>();
    try {
      onThread(10, () -> { // threads inherit the nice value of the thread that creates them
        FanotifySensor s = FanotifySensor.create(SensorConfig.builder().addRoot(root).setHost("test-host").build(), out);
        sensor.set(s);
        s.start();
        return 0;
      });
      List<Integer> nices = new ArrayList<>();
      for (int i = 0; i < 100; i++) { // the reader sets its priority first thing when it runs
        nices = nicesOfThreadsNamed("ai-audit-fanoti"); // comm is cut to 15 bytes: reader and enricher
        if (nices.size() == 2 && nices.contains(0)) {
          break;
        }
        Thread.sleep(20);
      }
      assertThat(nices).as("nice of the fanotify reader and enrichment threads").containsExactlyInAnyOrder(0, 10);
      assertThat(sensor.get().description()).endsWith("kernel-queue readers at nice 0 (agent at nice 10)");
    } finally {
      if (sensor.get() != null) {
        sensor.get().close();
      }
    }
  }

  /** Runs {@code body} on a new thread that first lowers itself to {@code nice}; returns {body's result, nice after}. */
  private static int[] onThread(int nice, Callable<Integer> body) throws Exception {
    AtomicReference<int[]> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> {
      try (Arena a = Arena.ofConfined()) {
        MemorySegment cs = LibC.newCallState(a);
        int tid = LibC.gettid(cs);
        assertThat(LibC.setpriority(cs, LibC.PRIO_PROCESS, tid, nice)).as("lowering needs no privilege").isZero();
        assertThat(niceOf(tid)).isEqualTo(nice);
        int r = body.call();
        result.set(new int[] {r, niceOf(tid)});
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.join();
    if (failure.get() instanceof Exception e) {
      throw e;
    }
    if (failure.get() instanceof Error e) {
      throw e;
    }
    return result.get();
  }

  /** Field 19 of /proc/self/task/TID/stat. */
  private static int niceOf(int tid) throws IOException {
    return niceFromStat(Files.readString(Path.of("/proc/self/task/" + tid + "/stat")));
  }

  private static int niceFromStat(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(f[16]); // fields from 3 (state) on: nice is field 19
  }

  private static List<Integer> nicesOfThreadsNamed(String comm) throws IOException {
    List<Integer> out = new ArrayList<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : tasks.toList()) {
        try {
          if (Files.readString(t.resolve("comm")).strip().equals(comm)) {
            out.add(niceFromStat(Files.readString(t.resolve("stat"))));
          }
        } catch (IOException gone) {
          // the thread ended meanwhile
        }
      }
    }
    return out;
  }
}
