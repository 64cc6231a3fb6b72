package dev.aiaudit.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.testing.InMemorySink;
import dev.aiaudit.testing.Privileges;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensorsTest {
  @TempDir Path tmp;
  private final InMemorySink sink = new InMemorySink();
  private final Consumer<Event> out = e -> sink.accept(List.of(e));

  @Test
  void create_withoutCapSysAdmin_oneStderrLineAndDegradedPoller() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    SensorConfig cfg = SensorConfig.of(List.of(tmp));
    try (Sensor s = Sensors.create(cfg, out, false, new PrintStream(err, true, StandardCharsets.UTF_8))) {
      assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
          .startsWith("ai-audit: no CAP_SYS_ADMIN: falling back to the /proc fd poller (lower fidelity: ");
      assertThat(s.description()).startsWith("proc-poll every 1s (degraded)");
      s.start();
      assertThat(sink.await(SensorEvent.class, e -> e.kind() == SensorEvent.Kind.SENSOR_DEGRADED, 1, Duration.ofSeconds(5)))
          .singleElement().satisfies(e -> assertThat(e.message()).startsWith("no CAP_SYS_ADMIN"));
    }
  }

  @Test
  void create_withCapSysAdmin_fanotify() throws Exception {
    Privileges.assumeCapSysAdmin("Sensors.create picks fanotify");
    try (Sensor s = Sensors.create(SensorConfig.of(List.of(tmp)), out)) {
      s.start();
      assertThat(s.description()).startsWith("fanotify (fid mode; file-system marks on ");
    }
  }

  @Test
  void start_missingRoot_sensorExceptionNamesPath() {
    Path missing = tmp.resolve("missing");
    Sensor s = Sensors.create(SensorConfig.of(List.of(missing)), out, false, new PrintStream(new ByteArrayOutputStream()));
    assertThatThrownBy(s::start).isInstanceOf(SensorException.class).hasMessage("watch root does not exist: " + missing);
  }

  @Test
  void fallbackSensor_preferredRefusedWithEperm_startsFallback() throws Exception {
    StubSensor preferred = new StubSensor(new SensorException("fanotify_init failed: EPERM", true, null));
    StubSensor fallback = new StubSensor(null);
    try (Sensor s = new FallbackSensor(preferred, () -> fallback)) {
      s.start();
      assertThat(fallback.started).isTrue();
      assertThat(preferred.closed).isTrue();
      assertThat(s.description()).isEqualTo("stub");
    }
    assertThat(fallback.closed).isTrue();
  }

  @Test
  void fallbackSensor_otherFailure_propagates() {
    StubSensor preferred = new StubSensor(new SensorException("watch root does not exist: /x"));
    StubSensor fallback = new StubSensor(null);
    Sensor s = new FallbackSensor(preferred, () -> fallback);
    assertThatThrownBy(s::start).hasMessage("watch root does not exist: /x");
    assertThat(fallback.started).isFalse();
  }

  private static final class StubSensor implements Sensor {
    private final SensorException failure;
    boolean started;
    boolean closed;

    StubSensor(SensorException failure) {
      this.failure = failure;
    }

    @Override
    public void start() throws SensorException {
      if (failure != null) {
        throw failure;
      }
      started = true;
    }

    @Override
    public String description() {
      return "stub";
    }

    @Override
    public SensorStats stats() {
      return SensorStats.ZERO;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void capEffHasSysAdmin_parsesStatus() {
    assertThat(Sensors.capEffHasSysAdmin("Name:\tjava\nCapEff:\t000001fffeffffff\n")).isTrue();
    assertThat(Sensors.capEffHasSysAdmin("CapEff:\t0000000000000000\n")).isFalse();
    assertThat(Sensors.capEffHasSysAdmin("CapEff:\t0000000000200000\n")).isTrue();
  }

  @Test
  void presentGpuDeviceNodes_findsCharAndBlockNodes_skipsDirsLinksFilesFifosAndOtherNames(@TempDir Path root)
      throws Exception {
    Privileges.assumeRoot("mknod of character and block devices in a temp tree");
    Path dev = Files.createDirectories(root.resolve("dev"));
    Files.createDirectories(dev.resolve("dri/by-path"));
    Files.createDirectories(dev.resolve("nvidia-caps"));
    Files.createDirectories(dev.resolve("accel"));
    mknod(dev.resolve("nvidia0"), "c", 195, 0);
    mknod(dev.resolve("nvidiactl"), "c", 195, 255);
    mknod(dev.resolve("nvidia-caps/nvidia-cap1"), "c", 237, 1);
    mknod(dev.resolve("dri/card0"), "c", 226, 0);
    mknod(dev.resolve("dri/renderD128"), "c", 226, 128);
    mknod(dev.resolve("accel/accel0"), "c", 261, 0);
    mknod(dev.resolve("neuron0"), "b", 7, 200);
    mknod(dev.resolve("sda"), "b", 8, 0); // a device, but not a GPU name
    Files.writeString(dev.resolve("kfd"), "not a device");
    Files.createSymbolicLink(dev.resolve("nvidia-uvm"), dev.resolve("nvidia0"));
    Process fifo = new ProcessBuilder("mkfifo", dev.resolve("nvidia-fifo").toString()).start();
    assertThat(fifo.waitFor()).isZero();

    assertThat(Sensors.presentGpuDeviceNodes(root)).containsExactly(
        dev.resolve("accel/accel0"), dev.resolve("dri/card0"), dev.resolve("dri/renderD128"),
        dev.resolve("neuron0"), dev.resolve("nvidia-caps/nvidia-cap1"), dev.resolve("nvidia0"), dev.resolve("nvidiactl"));
  }

  @Test
  void presentGpuDeviceNodes_emptyTree_findsNone(@TempDir Path root) {
    assertThat(Sensors.presentGpuDeviceNodes(root)).isEmpty();
  }

  private static void mknod(Path p, String type, int major, int minor) throws Exception {
    Process mk = new ProcessBuilder("mknod", p.toString(), type, String.valueOf(major), String.valueOf(minor))
        .redirectErrorStream(true).start();
    String msg = new String(mk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(mk.waitFor()).as(msg).isZero();
  }

  @Test
  void config_invalidIntervals_rejected() {
    assertThatThrownBy(() -> SensorConfig.builder().setPollInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("pollInterval must be > 0: PT0S");
    assertThatThrownBy(() -> SensorConfig.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
