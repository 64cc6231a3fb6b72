package dev.aiaudit.sensor.fanotify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.model.AssetClassifier;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.sensor.SensorConfig;
import dev.aiaudit.sensor.SensorException;
import dev.aiaudit.sensor.proc.ProcessMonitor;
import dev.aiaudit.testing.InMemorySink;
import dev.aiaudit.testing.Privileges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the real sensor against the real kernel; needs CAP_SYS_ADMIN (CI runs as root). */
class FanotifySensorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path tmp;
  private Path root;
  private Path outside;
  private final InMemorySink sink = new InMemorySink();
  private final Consumer<Event> out = e -> sink.accept(List.of(e));
  private FanotifySensor sensor;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("watched")).toRealPath();
    outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
  }

  @AfterEach
  void tearDown() {
    if (sensor != null) {
      sensor.close();
    }
  }

  private FanotifySensor start(List<Path> nodes) throws SensorException {
    return start(nodes, true);
  }

  private FanotifySensor start(List<Path> nodes, boolean fid) throws SensorException {
    AssetClassifier classifier = AssetClassifier.builder().addGlob(root + "/nvidia*", AssetKind.GPU_DEVICE)
        .addGlob(outside + "/nvidia*", AssetKind.GPU_DEVICE).build();
    SensorConfig cfg = SensorConfig.builder().addRoot(root).addDeviceNodes(nodes).setClassifier(classifier)
        .setHost("test-host").setReadCoalesceInterval(Duration.ofMillis(1500)).setPollInterval(Duration.ofMillis(250)).build();
    sensor = FanotifySensor.create(cfg, out, fid);
    sensor.start();
    assertThat(sensor.fidMode()).as("FID mode (kernel 6.18, ext4/tmpfs)").isEqualTo(fid);
    return sensor;
  }

  private static Process sh(String script, Path... args) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
    for (Path a : args) {
      cmd.add(a.toString());
    }
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static void finish(Process p) throws Exception {
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as("child output: %s", output).isZero();
  }

  private List<FileEvent> await(FileActivity a, String path, long pid) throws InterruptedException {
    return sink.await(FileEvent.class, e -> e.activity() == a && e.path().equals(path) && e.process().pid() == pid, 1, WAIT);
  }

  private static void mknod(Path p) throws Exception {
    Process m = new ProcessBuilder("mknod", p.toString(), "c", "1", "3").redirectErrorStream(true).start();
    assertThat(m.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(m.exitValue()).as("mknod %s", p).isZero();
  }

  @ParameterizedTest(name = "fid={0}")
  @ValueSource(booleans = {true, false})
  void start_childOpensReadsWritesWeightsAndDevice_eventsWithPidExeAssetAndActivity(boolean fid) throws Exception {
    Privileges.assumeCapSysAdmin("fanotify sensor end-to-end");
    Path weights = Files.writeString(root.resolve("model.safetensors"), "line1\nline2\nline3\nline4\n");
    Path device = root.resolve("nvidia0");
    mknod(device);
    Path outsideNode = outside.resolve("nvidia1");
    mknod(outsideNode);
    Path elsewhere = Files.writeString(outside.resolve("other.safetensors"), "x\n");
    start(List.of(device, outsideNode), fid);

    Process child = sh("""
        exec 3< "$1/model.safetensors"
        read -r a <&3; sleep 0.2; read -r b <&3; sleep 0.2; read -r c <&3
        exec 3<&-
        echo more >> "$1/model.safetensors"
        exec 4< "$1/nvidia0"; exec 5< "$2/nvidia1"; exec 6< "$2/other.safetensors"
        sleep 1.5
        """, root, outside);
    long pid = child.pid();
    String shExe = Path.of("/bin/sh").toRealPath().toString();

    List<FileEvent> opens = await(FileActivity.OPEN, weights.toString(), pid);
    assertThat(opens).isNotEmpty().allSatisfy(e -> {
      assertThat(e.asset()).isEqualTo(AssetKind.MODEL_WEIGHTS);
      assertThat(e.process().exe()).isEqualTo(shExe);
      assertThat(e.process().startTimeNs()).isPositive();
      assertThat(e.process().uid()).isZero();
      assertThat(e.process().user()).isEqualTo("root");
      assertThat(e.host()).isEqualTo("test-host");
      assertThat(e.source()).isEqualTo("fanotify");
    });
    assertThat(await(FileActivity.MODIFY, weights.toString(), pid)).isNotEmpty();
    // fd mode on Linux 6.18 gets no fanotify event for a character device: the device-node fd scan reports it
    String deviceSource = fid ? "fanotify" : "proc-poll";
    assertThat(await(FileActivity.OPEN, device.toString(), pid)).as("events: %s", sink.events()).singleElement()
        .satisfies(e -> {
          assertThat(e.asset()).isEqualTo(AssetKind.GPU_DEVICE);
          assertThat(e.process().exe()).isEqualTo(shExe);
          assertThat(e.source()).isEqualTo(deviceSource);
        });
    assertThat(await(FileActivity.OPEN, outsideNode.toString(), pid)).as("device node outside the roots")
        .singleElement().satisfies(e -> {
          assertThat(e.asset()).isEqualTo(AssetKind.GPU_DEVICE);
          assertThat(e.source()).isEqualTo(deviceSource);
        });
    // three reads 200 ms apart: the first is usually merged by the kernel with the open (one Open record with
    // unmapped.reads), the later ones come as a coalesced Read record (or fold into the append's open)
    List<FileEvent> reads = sink.await(FileEvent.class, e -> (e.activity() == FileActivity.READ || e.reads() > 0)
        && e.path().equals(weights.toString()) && e.process().pid() == pid, 2, WAIT);
    assertThat(reads).isNotEmpty();
    assertThat(reads.stream().mapToLong(e -> e.activity() == FileActivity.READ ? e.count() : e.reads()).sum())
        .as("read notifications recorded: %s", sink.events()).isGreaterThan(1);
    assertThat(reads).allSatisfy(e -> assertThat(e.process().exe()).isEqualTo(shExe));
    finish(child);
    Thread.sleep(600); // more device scans: still one OPEN per device node and process
    // (the sh child's own `sleep` inherits the device fds: the scan reports it as a holder too)
    assertThat(sink.events()).filteredOn(FileEvent.class::isInstance).map(FileEvent.class::cast)
        .filteredOn(e -> e.process().pid() == pid && (e.path().endsWith("/nvidia0") || e.path().endsWith("/nvidia1")))
        .hasSize(2);

    assertThat(sink.events()).filteredOn(FileEvent.class::isInstance).map(FileEvent.class::cast)
        .noneMatch(e -> e.path().equals(elsewhere.toString()));
    assertThat(sensor.stats().readsCoalesced()).isPositive();
    assertThat(sensor.stats().outsideRoots()).isPositive();
    assertThat(sensor.description()).startsWith("fanotify (" + (fid ? "fid" : "fd") + " mode; file-system marks on ").contains("inode marks on 2 device nodes");
  }

  @ParameterizedTest(name = "fid={0}")
  @ValueSource(booleans = {true, false})
  void start_childExecutesFileUnderRoot_openExec(boolean fid) throws Exception {
    Privileges.assumeCapSysAdmin("fanotify OPEN_EXEC");
    Path tool = root.resolve("tool");
    Files.copy(Path.of("/bin/sleep").toRealPath(), tool);
    tool.toFile().setExecutable(true);
    start(List.of(), fid);
    Process child = sh("exec \"$1/tool\" 0.5", root);
    long pid = child.pid();
    assertThat(await(FileActivity.OPEN_EXEC, tool.toString(), pid)).isNotEmpty()
        .allSatisfy(e -> assertThat(e.asset()).isEqualTo(AssetKind.OTHER));
    finish(child);
  }

  @ParameterizedTest(name = "fid={0}")
  @ValueSource(booleans = {true, false})
  void start_subdirectoryCreatedAfterStart_covered(boolean fid) throws Exception {
    Privileges.assumeCapSysAdmin("fanotify new subdirectory");
    start(List.of(), fid);
    Path late = Files.createDirectories(root.resolve("late/sub"));
    Path data = Files.writeString(late.resolve("shard-0.parquet"), "x\n");
    Process child = sh("exec 3< \"$1/shard-0.parquet\"; sleep 0.5", late);
    assertThat(await(FileActivity.OPEN, data.toString(), child.pid())).singleElement()
        .satisfies(e -> assertThat(e.asset()).isEqualTo(AssetKind.TRAINING_DATA));
    finish(child);
    assertThat(sensor.selfEvents()).as("the agent's own writes are seen and dropped").isPositive();
    assertThat(sink.events()).filteredOn(FileEvent.class::isInstance).map(FileEvent.class::cast)
        .noneMatch(e -> e.process().pid() == ProcessHandle.current().pid());
  }

  @ParameterizedTest(name = "fid={0}")
  @ValueSource(booleans = {true, false})
  void close_afterEvents_everyFdClosed(boolean fid) throws Exception {
    Privileges.assumeCapSysAdmin("fanotify fd accounting");
    Files.writeString(root.resolve("a.safetensors"), "x\n");
    long before = openFds();
    start(List.of(), fid);
    Process child = sh("for i in 1 2 3 4 5 6 7 8 9 10; do cat \"$1/a.safetensors\" > /dev/null; cat /etc/hostname > /dev/null; done; sleep 0.3", root);
    finish(child);
    sink.await(FileEvent.class, e -> e.activity() == FileActivity.OPEN, 10, WAIT);
    long deadline = System.nanoTime() + 2_000_000_000L; // the reader may be mid-batch on other processes' events
    while (sensor.stats().openEventFds() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(sensor.stats().openEventFds()).isZero();
    sensor.close();
    sensor = null;
    assertThat(openFds()).isEqualTo(before);
  }

  @Test
  void reader_pausedWhileManyFilesOpened_queueOverflowCountedAndReported() throws Exception {
    Privileges.assumeCapSysAdmin("fanotify queue overflow");
    start(List.of());
    Path flood = Files.createDirectories(root.resolve("flood"));
    sensor.pauseReading(true);
    byte[] b = {1};
    for (int i = 0; i < 20_000; i++) {
      Files.write(flood.resolve("f" + i), b); // own events are queued by the kernel, dropped only in user space
    }
    sensor.pauseReading(false);
    List<SensorEvent> overflows = sink.await(SensorEvent.class, e -> e.kind() == SensorEvent.Kind.QUEUE_OVERFLOW, 1, WAIT);
    assertThat(overflows).isNotEmpty();
    assertThat(overflows.getFirst().message()).contains("overflowed");
    assertThat(sensor.stats().overflows()).isPositive();
  }

  @Test
  void start_missingRoot_sensorExceptionNamesPath() {
    SensorConfig cfg = SensorConfig.of(List.of(tmp.resolve("nope")));
    sensor = FanotifySensor.create(cfg, out);
    assertThatThrownBy(sensor::start).isInstanceOf(SensorException.class)
        .hasMessage("watch root does not exist: " + tmp.resolve("nope"));
  }

  /**
   * Open fds of this JVM. The process table the sensor resolves through ({@link ProcessMonitor#shared()}) is
   * started first (it lives as long as the JVM) and counted while it holds no transient exec event fds.
   */
  private static long openFds() throws Exception {
    ProcessMonitor m = ProcessMonitor.shared();
    return m == null ? countFds() : m.whileQuiet(FanotifySensorTest::countFds);
  }

  private static long countFds() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }
}
