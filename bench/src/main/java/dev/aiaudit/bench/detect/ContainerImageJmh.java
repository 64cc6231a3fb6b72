package dev.aiaudit.bench.detect;

import dev.aiaudit.sensor.container.ContainerImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the first-seen image detector's container id → image lookup: a cached hit (every file
 * record of a known container touching an AI asset) and a miss (the files read and parsed: a
 * containerd CRI bundle's 5.5 KB config.json, two namespaces probed), on a temp tree laid out like
 * {@code /run/containerd/io.containerd.runtime.v2.task}.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.openjdk.jmh.Main ContainerImageJmh -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ContainerImageJmh {
  private static final String ID = "4f1e3d2c".repeat(8);
  private long now;
  private ContainerImages images;

  @Setup
  public void tree() throws IOException {
    Path tasks = Files.createTempDirectory("ai-audit-bench-tasks");
    Files.createDirectories(tasks.resolve("moby"));
    Path bundle = Files.createDirectories(tasks.resolve("k8s.io").resolve(ID));
    StringBuilder b = new StringBuilder("{\"ociVersion\":\"1.1.0\",\"process\":{\"args\":[\"python3\",\"serve.py\"],\"env\":[");
    for (int i = 0; i < 60; i++) {
      b.append(i == 0 ? "" : ",").append("\"VAR").append(i).append('=').append("x".repeat(80)).append('"');
    }
    b.append("]},\"annotations\":{\"io.kubernetes.cri.image-name\":\"registry.example/vllm:0.6.3\",")
        .append("\"io.kubernetes.cri.image-ref\":\"sha256:").append("9e".repeat(32)).append("\"}}");
    Files.writeString(bundle.resolve("config.json"), b);
    images = new ContainerImages(new ContainerImages.Roots(List.of(tasks), null, null, null), () -> now,
        ContainerImages.DEFAULT_MAX_ENTRIES);
    if (images.lookup(ID, "containerd").isEmpty()) {
      throw new IllegalStateException("bench tree does not resolve");
    }
  }

  @Benchmark
  public Optional<ContainerImages.Image> cachedHit() {
    return images.lookup(ID, "containerd");
  }

  @Benchmark
  public Optional<ContainerImages.Image> miss() {
    now += ContainerImages.FOUND_TTL.toNanos() + 1; // expired: read and parse again
    return images.lookup(ID, "containerd");
  }
}
