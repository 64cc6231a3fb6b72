package dev.aiaudit.sensor.fanotify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FileOrigin;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.sensor.SensorConfig;
import dev.aiaudit.testing.InMemorySink;
import dev.aiaudit.testing.Privileges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way to reach a watched file yields a record with the host path, the pid and the exe: directly,
 * through a bind mount, from another mount namespace, on a file system mounted below a root after
 * start, inside a container root file system (overlay) mounted after start. Real kernel, real
 * mounts (as root; skipped with a printed reason otherwise). Mounts are undone in {@link #tearDown}.
 */
class FanotifyCoverageTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CONTAINER_ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @TempDir Path tmp;
  private Path root;
  private final InMemorySink sink = new InMemorySink();
  private final Consumer<Event> out = e -> sink.accept(List.of(e));
  private final Deque<Path> mounts = new ArrayDeque<>();
  private FanotifySensor sensor;
  private String shExe;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("watched")).toRealPath();
    shExe = Path.of("/bin/sh").toRealPath().toString();
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (sensor != null) {
        sensor.close();
      }
    } finally {
      while (!mounts.isEmpty()) {
        run("umount", "-l", mounts.pop().toString());
      }
    }
  }

  private FanotifySensor start(boolean fid, List<String> containerRoots) throws Exception {
    Privileges.assumeRoot("mounts and fanotify file-system marks");
    SensorConfig cfg = SensorConfig.builder().addRoot(root).setHost("test-host")
        .setReadCoalesceInterval(Duration.ofMillis(300)).setContainerRoots(containerRoots).build();
    sensor = FanotifySensor.create(cfg, out, fid);
    sensor.start();
    return sensor;
  }

  private void mount(Path target, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("mount"));
    cmd.addAll(List.of(args));
    cmd.add(target.toString());
    run(cmd.toArray(String[]::new));
    mounts.push(target);
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", cmd), output).isZero();
    return output;
  }

  /** A child that opens {@code file}, holds it 0.3 s (so /proc still shows its exe) and exits. */
  private static Process opener(String prefix, Path file) throws IOException {
    List<String> cmd = new ArrayList<>(prefix.isEmpty() ? List.of() : List.of(prefix.split(" ")));
    cmd.addAll(List.of("/bin/sh", "-c", "exec 3< \"$1\" && sleep 0.3", "sh", file.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static void finish(Process p) throws Exception {
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as("child output: %s", output).isZero();
  }

  private FileEvent awaitOpen(Path hostPath, long pid) throws InterruptedException {
    List<FileEvent> l = sink.await(FileEvent.class, e -> e.activity() == FileActivity.OPEN
        && e.path().equals(hostPath.toString()) && e.process().pid() == pid, 1, WAIT);
    assertThat(l).as("OPEN of %s by pid %d; events: %s", hostPath, pid, sink.events()).isNotEmpty();
    FileEvent e = l.getFirst();
    assertThat(e.process().exe()).isEqualTo(shExe);
    assertThat(e.process().user()).isEqualTo("root");
    assertThat(e.source()).isEqualTo("fanotify");
    return e;
  }

  private SensorEvent awaitSensor(SensorEvent.Kind kind, String contains) throws InterruptedException {
    List<SensorEvent> l = sink.await(SensorEvent.class, e -> e.kind() == kind && e.message().contains(contains), 1, WAIT);
    assertThat(l).as("%s naming %s; events: %s", kind, contains, sink.events()).isNotEmpty();
    return l.getFirst();
  }

  @ParameterizedTest(name = "fid={0}")
  @ValueSource(booleans = {true, false})
  void direct_and_bindMount_sameHostPathPidAndExe(boolean fid) throws Exception {
    Path weights = Files.writeString(root.resolve("w.safetensors"), "weights");
    start(fid, List.of());
    Process direct = opener("", weights);
    FileEvent d = awaitOpen(weights, direct.pid());
    assertThat(d.origin()).as("same mount namespace, no container: nothing to add").isNull();
    finish(direct);

    Path bind = Files.createDirectories(tmp.resolve("bind"));
    mount(bind, "--bind", root.toString());
    Process viaBind = opener("", bind.resolve("w.safetensors"));
    FileEvent b = awaitOpen(weights, viaBind.pid());
    finish(viaBind);
    if (!fid) { // fd mode knows the path that was used; FID mode only has the directory handle
      assertThat(b.origin().nsPath()).isEqualTo(bind.resolve("w.safetensors").toString());
      assertThat(b.origin().mountNs()).isEqualTo(FileOrigin.NS_SAME);
    }
  }

  @ParameterizedTest(name = "fid={0}")
  @ValueSource(booleans = {true, false})
  void otherMountNamespace_bindMountInside_hostPathAndNsPath(boolean fid) throws Exception {
    Path weights = Files.writeString(root.resolve("w.safetensors"), "weights");
    Path inside = Files.createDirectories(tmp.resolve("ns-bind"));
    start(fid, List.of());
    // unshare execs sh in the same process: the pid is the child's; the bind mount exists only in its namespace
    Process p = new ProcessBuilder("unshare", "-m", "/bin/sh", "-c",
        "mount --bind \"$1\" \"$2\" && exec 3< \"$2/w.safetensors\" && sleep 0.3", "sh", root.toString(),
        inside.toString()).redirectErrorStream(true).start();
    FileEvent e = awaitOpen(weights, p.pid());
    finish(p);
    assertThat(e.origin()).isNotNull();
    assertThat(e.origin().mountNs()).isEqualTo(FileOrigin.NS_OTHER);
    assertThat(e.origin().nsPath()).isEqualTo(inside.resolve("w.safetensors").toString());
    assertThat(run("cat", "/proc/self/mountinfo")).as("the bind mount never was in the agent's namespace")
        .doesNotContain(inside.toString());
  }

  @ParameterizedTest(name = "fid={0}")
  @ValueSource(booleans = {true, false})
  void tmpfsMountedBelowRootAfterStart_watchedAtOnce_thenForgottenOnUnmount(boolean fid) throws Exception {
    start(fid, List.of());
    Path sub = Files.createDirectories(root.resolve("volume"));
    mount(sub, "-t", "tmpfs", "-o", "size=1M", "tmpfs");
    awaitSensor(SensorEvent.Kind.MOUNT_WATCHED, sub.toString());
    assertThat(sensor.watchedFileSystems()).anyMatch(f -> f.mountPoint().equals(sub.toString()) && f.fid() == fid);
    Path weights = sub.resolve("w.safetensors");
    Process writer = new ProcessBuilder("/bin/sh", "-c", "echo weights > \"$1\"", "sh", weights.toString()).start();
    finish(writer);
    sink.await(FileEvent.class, e -> e.activity() == FileActivity.MODIFY && e.path().equals(weights.toString()), 1, WAIT);
    Process reader = opener("", weights);
    awaitOpen(weights, reader.pid());
    finish(reader);

    run("umount", sub.toString());
    mounts.remove(sub);
    SensorEvent gone = awaitSensor(SensorEvent.Kind.MOUNT_FORGOTTEN, sub.toString());
    assertThat(gone.message()).contains("tmpfs");
    assertThat(sensor.watchedFileSystems()).noneMatch(f -> f.mountPoint().equals(sub.toString()));
    assertThat(sensor.stats().openEventFds()).isZero();
  }

  @Test
  void overlayContainerRootfsMountedAfterStart_containerRootsWatched_withContainerIdAndPath() throws Exception {
    Path lower = Files.createDirectories(tmp.resolve("layer/lower"));
    Files.createDirectories(lower.resolve("models"));
    Files.writeString(lower.resolve("models/w.safetensors"), "weights");
    Files.createDirectories(lower.resolve("etc"));
    Files.writeString(lower.resolve("etc/os-release"), "x");
    Path upper = Files.createDirectories(tmp.resolve("layer/upper"));
    Path work = Files.createDirectories(tmp.resolve("layer/work"));
    Path rootfs = Files.createDirectories(
        tmp.resolve("run/containerd/io.containerd.runtime.v2.task/k8s.io/" + CONTAINER_ID + "/rootfs"));
    start(true, List.of("/models", "/home/*/.cache/huggingface"));
    mount(rootfs, "-t", "overlay", "overlay", "-o", "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work);
    SensorEvent watched = awaitSensor(SensorEvent.Kind.MOUNT_WATCHED, rootfs.toString());
    assertThat(watched.message()).contains("containerd k8s.io/" + CONTAINER_ID);

    Path hostPath = rootfs.resolve("models/w.safetensors");
    Process p = opener("", hostPath);
    FileEvent e = awaitOpen(hostPath, p.pid());
    finish(p);
    assertThat(e.origin()).isNotNull();
    assertThat(e.origin().containerId()).isEqualTo(CONTAINER_ID);
    assertThat(e.origin().containerRuntime()).isEqualTo("containerd");
    assertThat(e.origin().containerPath()).isEqualTo("/models/w.safetensors");

    // from the container's own mount namespace (a private copy of the overlay mount): same host path
    Process inNs = opener("unshare -m", hostPath);
    FileEvent e2 = awaitOpen(hostPath, inNs.pid());
    finish(inNs);
    assertThat(e2.origin().containerPath()).isEqualTo("/models/w.safetensors");
    assertThat(e2.origin().mountNs()).isEqualTo(FileOrigin.NS_OTHER);

    // outside the container roots: no record
    Process other = opener("", rootfs.resolve("etc/os-release"));
    finish(other);
    Path home = Files.createDirectories(rootfs.resolve("home/alice/.cache/huggingface"));
    Path hf = Files.writeString(home.resolve("model.bin"), "hf");
    Process viaGlob = opener("", hf);
    awaitOpen(hf, viaGlob.pid());
    finish(viaGlob);
    assertThat(sink.events()).filteredOn(FileEvent.class::isInstance).map(FileEvent.class::cast)
        .noneMatch(x -> x.path().endsWith("/etc/os-release"));

    run("umount", rootfs.toString());
    mounts.remove(rootfs);
    awaitSensor(SensorEvent.Kind.MOUNT_FORGOTTEN, rootfs.toString());
  }

  @Test
  void rootOnSysfs_noFileHandles_oneLineRecordAndFdModeFallback() throws Exception {
    Privileges.assumeRoot("fanotify marks on sysfs");
    Path sys = Path.of("/sys/kernel/mm");
    Privileges.assume(Files.isDirectory(sys.resolve("transparent_hugepage")), "no /sys/kernel/mm/transparent_hugepage");
    SensorConfig cfg = SensorConfig.builder().addRoot(sys).setHost("test-host").setContainerRoots(List.of()).build();
    sensor = FanotifySensor.create(cfg, out, true);
    sensor.start();
    SensorEvent fb = awaitSensor(SensorEvent.Kind.WATCH_FALLBACK, "watch root /sys/kernel/mm on sysfs");
    assertThat(fb.message()).contains("FID mode").contains("fd mode");
    assertThat(sensor.fidMode()).isFalse();
    assertThat(sensor.description()).contains("/sys (sysfs, fd mode)");
    Path f = sys.resolve("transparent_hugepage/enabled");
    Process p = opener("", f);
    awaitOpen(f, p.pid());
    finish(p);
  }
}
