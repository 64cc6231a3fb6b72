package dev.aiaudit.sensor.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files laid out like each runtime's state directories, under temp roots. */
class ContainerImagesTest {
  private static final String ID = "4f1e3d2c".repeat(8);
  private static final String ID2 = "a0b1c2d3".repeat(8);
  private static final String DIGEST = "sha256:" + "9e".repeat(32);
  private static final String IMAGE_ID = "sha256:" + "1c".repeat(32);

  @TempDir Path tmp;
  private Path tasks;
  private Path run;
  private Path storage;
  private Path docker;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private ContainerImages images;

  @BeforeEach
  void roots() throws IOException {
    tasks = Files.createDirectories(tmp.resolve("run/containerd/io.containerd.runtime.v2.task"));
    run = Files.createDirectories(tmp.resolve("run/containers/storage"));
    storage = Files.createDirectories(tmp.resolve("var/lib/containers/storage"));
    docker = Files.createDirectories(tmp.resolve("var/lib/docker"));
    images = new ContainerImages(new ContainerImages.Roots(List.of(tasks), run, storage, docker), now::get, 100);
  }

  private static Path write(Path f, String content) throws IOException {
    Files.createDirectories(f.getParent());
    return Files.writeString(f, content);
  }

  private void containerdBundle(String ns, String id, String name, String ref) throws IOException {
    write(tasks.resolve(ns).resolve(id).resolve("config.json"), """
        {"ociVersion":"1.1.0","process":{"args":["python3","serve.py"]},"root":{"path":"rootfs"},
         "annotations":{"io.kubernetes.cri.container-type":"container",
           "io.kubernetes.cri.image-name":"%s","io.kubernetes.cri.image-ref":"%s",
           "io.kubernetes.cri.sandbox-id":"%s"}}
        """.formatted(name, ref, "77".repeat(32)));
  }

  @Test
  void containerd_criBundle_givesImageNameAndDigest() throws IOException {
    Files.createDirectories(tasks.resolve("moby"));
    containerdBundle("k8s.io", ID, "registry.example/llm/vllm:0.6.3", "registry.example/llm/vllm@" + DIGEST);
    assertThat(images.lookup(ID, "containerd")).hasValueSatisfying(i -> {
      assertThat(i.name()).isEqualTo("registry.example/llm/vllm:0.6.3");
      assertThat(i.digest()).isEqualTo(DIGEST);
      assertThat(i.source()).isEqualTo("containerd");
      assertThat(i.display()).isEqualTo("registry.example/llm/vllm:0.6.3@" + DIGEST);
    });
    // the cgroupfs driver does not name the runtime: every runtime is tried
    assertThat(images.lookup(ID, null)).map(ContainerImages.Image::name).hasValue("registry.example/llm/vllm:0.6.3");
  }

  @Test
  void containerd_bundleWithoutCriAnnotation_isUnknownNotGuessed() throws IOException {
    write(tasks.resolve("default").resolve(ID).resolve("config.json"), "{\"ociVersion\":\"1.1.0\",\"annotations\":{}}");
    assertThat(images.lookup(ID, "containerd")).isEmpty();
    assertThat(images.counters().notFound()).isEqualTo(1);
  }

  @Test
  void crio_userdataConfig_givesImageNameAndRef() throws IOException {
    write(run.resolve("overlay-containers").resolve(ID).resolve("userdata/config.json"), """
        {"ociVersion":"1.0.2-dev","annotations":{"io.kubernetes.cri-o.ImageName":"quay.io/org/trainer:v2",
         "io.kubernetes.cri-o.ImageRef":"%s","io.kubernetes.cri-o.Image":"quay.io/org/trainer:v2"}}
        """.formatted(DIGEST.substring("sha256:".length())));
    assertThat(images.lookup(ID, "cri-o")).hasValue(new ContainerImages.Image("quay.io/org/trainer:v2", DIGEST, "cri-o"));
  }

  @Test
  void docker_configV2_givesConfigImageAndImageId() throws IOException {
    write(docker.resolve("containers").resolve(ID).resolve("config.v2.json"), """
        {"ID":"%s","Image":"%s","Name":"/jupyter","Config":{"Hostname":"4f1e","Image":"jupyter/pytorch-notebook:latest",
         "Cmd":["start-notebook.sh"]},"State":{"Running":true,"Pid":4242}}
        """.formatted(ID, IMAGE_ID));
    assertThat(images.lookup(ID, "docker")).hasValue(
        new ContainerImages.Image("jupyter/pytorch-notebook:latest", IMAGE_ID, "docker"));
  }

  @Test
  void podman_containersJson_metadataImageName() throws IOException {
    String meta = "{\\\"image-name\\\":\\\"docker.io/library/python:3.12\\\",\\\"image-id\\\":\\\"%s\\\",\\\"name\\\":\\\"nb\\\",\\\"created-at\\\":1733000000}"
        .formatted("1c".repeat(32));
    write(storage.resolve("overlay-containers/containers.json"), """
        [{"id":"%s","names":["other"],"image":"%s","layer":"x","metadata":"{}"},
         {"id":"%s","names":["nb"],"image":"%s","layer":"y","metadata":"%s","created":"2026-12-02T10:00:00Z"}]
        """.formatted(ID2, "2d".repeat(32), ID, "1c".repeat(32), meta));
    assertThat(images.lookup(ID, "podman")).hasValue(
        new ContainerImages.Image("docker.io/library/python:3.12", IMAGE_ID, "containers-storage"));
    assertThat(images.lookup(ID2, "podman")).isEmpty(); // entry without image-name: not guessed from the id
  }

  @Test
  void cache_hitWithinTtl_missRetriedAfterMissTtl() throws IOException {
    assertThat(images.lookup(ID, "docker")).isEmpty();
    write(docker.resolve("containers").resolve(ID).resolve("config.v2.json"), "{\"Config\":{\"Image\":\"busybox\"}}");
    assertThat(images.lookup(ID, "docker")).isEmpty(); // the miss is cached
    now.addAndGet(ContainerImages.MISS_TTL.toNanos() + 1);
    assertThat(images.lookup(ID, "docker")).map(ContainerImages.Image::name).hasValue("busybox");
    Files.delete(docker.resolve("containers").resolve(ID).resolve("config.v2.json"));
    assertThat(images.lookup(ID, "docker")).map(ContainerImages.Image::name).hasValue("busybox"); // cached
    now.addAndGet(ContainerImages.FOUND_TTL.toNanos() + 1);
    assertThat(images.lookup(ID, "docker")).isEmpty();
    assertThat(images.counters().cacheHits()).isEqualTo(2);
  }

  @Test
  void cache_isBounded() throws IOException {
    ContainerImages small = new ContainerImages(new ContainerImages.Roots(List.of(tasks), run, storage, docker), now::get, 3);
    for (int i = 0; i < 10; i++) {
      small.lookup(String.format("%064x", i), "docker");
    }
    assertThat(small.cached()).isEqualTo(3);
  }

  @Test
  void hostile_hugeFile_refusedAndCounted() throws IOException {
    Path f = docker.resolve("containers").resolve(ID).resolve("config.v2.json");
    Files.createDirectories(f.getParent());
    StringBuilder b = new StringBuilder("{\"Config\":{\"Image\":\"big\"},\"pad\":\"");
    b.append("x".repeat((int) ContainerImages.MAX_CONFIG_BYTES));
    b.append("\"}");
    Files.writeString(f, b);
    assertThat(images.lookup(ID, "docker")).isEmpty();
    assertThat(images.counters().refusedTooLarge()).isEqualTo(1);
  }

  @Test
  void hostile_symlinkedFileOutOfTheRoot_refused() throws IOException {
    Path outside = write(tmp.resolve("elsewhere/config.v2.json"), "{\"Config\":{\"Image\":\"planted\"}}");
    Path link = docker.resolve("containers").resolve(ID).resolve("config.v2.json");
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, outside);
    assertThat(images.lookup(ID, "docker")).isEmpty();
    assertThat(images.counters().refusedSymlink()).isEqualTo(1);
  }

  @Test
  void hostile_symlinkedDirectoryOutOfTheRoot_refused() throws IOException {
    write(tmp.resolve("elsewhere/k8s.io").resolve(ID).resolve("config.json"),
        "{\"annotations\":{\"io.kubernetes.cri.image-name\":\"planted\"}}");
    Files.createSymbolicLink(tasks.resolve("k8s.io"), tmp.resolve("elsewhere/k8s.io"));
    assertThat(images.lookup(ID, "containerd")).isEmpty();
    assertThat(images.counters().refusedSymlink()).isEqualTo(1);
  }

  @Test
  void hostile_fifo_notOpened() throws Exception {
    Path f = run.resolve("overlay-containers").resolve(ID).resolve("userdata/config.json");
    Files.createDirectories(f.getParent());
    Process p = new ProcessBuilder("mkfifo", f.toString()).start();
    assertThat(p.waitFor()).isZero();
    assertThat(images.lookup(ID, "cri-o")).isEmpty(); // would block forever if opened
    assertThat(images.counters().refusedNotRegular()).isEqualTo(1);
  }

  @Test
  void hostile_malformedJson_deepNesting_wrongTypes() throws IOException {
    write(docker.resolve("containers").resolve(ID).resolve("config.v2.json"), "{\"Config\":{\"Image\":");
    assertThat(images.lookup(ID, "docker")).isEmpty();
    write(docker.resolve("containers").resolve(ID2).resolve("config.v2.json"), "[".repeat(5000) + "]".repeat(5000));
    assertThat(images.lookup(ID2, "docker")).isEmpty();
    assertThat(images.counters().malformed()).isEqualTo(2);
    String id3 = "33".repeat(32);
    write(docker.resolve("containers").resolve(id3).resolve("config.v2.json"), "{\"Config\":{\"Image\":{\"x\":1}}}");
    assertThat(images.lookup(id3, "docker")).isEmpty(); // missing/mistyped field: unknown
    String id4 = "44".repeat(32);
    write(storage.resolve("overlay-containers/containers.json"),
        "[{\"id\":\"" + id4 + "\",\"metadata\":\"{not json\"}]");
    assertThat(images.lookup(id4, "podman")).isEmpty();
    assertThat(images.counters().malformed()).isEqualTo(3);
  }

  @Test
  void hostile_pathTraversalId_rejectedBeforeAnyRead() throws IOException {
    write(tmp.resolve("var/lib/config.v2.json"), "{\"Config\":{\"Image\":\"planted\"}}");
    assertThat(images.lookup("../..", "docker")).isEmpty();
    assertThat(images.lookup("a/../../x", "docker")).isEmpty();
    assertThat(images.lookup("", null)).isEmpty();
    assertThat(images.counters().badId()).isEqualTo(3);
  }

  @Test
  void absentRoots_areSkipped() {
    ContainerImages none = new ContainerImages(
        new ContainerImages.Roots(List.of(tmp.resolve("nope")), null, tmp.resolve("nope2"), tmp.resolve("nope3")),
        now::get, 10);
    assertThat(none.lookup(ID, null)).isEmpty();
    assertThat(none.counters().ioErrors()).isZero();
  }

  @Test
  void digest_extractsFromRefsAndIds() {
    assertThat(ContainerImages.digest("repo/x@" + DIGEST)).isEqualTo(DIGEST);
    assertThat(ContainerImages.digest(DIGEST)).isEqualTo(DIGEST);
    assertThat(ContainerImages.digest("9e".repeat(32))).isEqualTo(DIGEST);
    assertThat(ContainerImages.digest("latest")).isNull();
  }
}
