package dev.aiaudit.detect.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The (container image, asset) key of {@link FirstSeenDetector}, on the test clock. */
class FirstSeenImageTest {
  private static final String DIGEST = "sha256:" + "9e".repeat(32);
  private final TestClock clock = TestClock.create();
  private final Map<String, ImageLookup.Image> byId = new HashMap<>();
  private final List<String> asked = new ArrayList<>();
  private final ImageLookup lookup = (id, runtime) -> {
    asked.add(runtime + "/" + id);
    return Optional.ofNullable(byId.get(id));
  };
  private long seq;

  private static String cid(int n) {
    return String.format("%064x", n);
  }

  private RecordedEvent read(String containerId, String path) {
    ProcessInfo p = new ProcessInfo(10, 1, 0, "root", "/usr/bin/python3", "python3 serve.py", 1L, containerId,
        containerId == null ? null : "containerd", containerId == null ? null : "0b7c1a52-3c1f-4f0e-9c1e-2a7d7e1f0a11");
    return new RecordedEvent(++seq, "ab".repeat(32),
        FileEvent.of(clock.nowNs(), "h", FileActivity.READ, p, path, AssetKind.MODEL_WEIGHTS, "fanotify"));
  }

  private static List<AlertEvent> observe(Detector d, RecordedEvent r, long nowNs) {
    List<AlertEvent> out = new ArrayList<>();
    d.observe(r, nowNs, out::add);
    return out;
  }

  @Test
  void learningHonoured_thenNewImageOnAssetAlertsOnceCitingRecordAndNamingImage() {
    byId.put(cid(1), new ImageLookup.Image("registry.example/vllm:0.6.3", DIGEST));
    byId.put(cid(2), new ImageLookup.Image("registry.example/vllm:0.6.3", "sha256:" + "11".repeat(32))); // same name
    byId.put(cid(3), new ImageLookup.Image("docker.io/library/busybox:latest", null));
    FirstSeenDetector d = FirstSeenDetector.imageAsset(Duration.ofHours(24), 1000, lookup);
    assertThat(observe(d, read(cid(1), "/models/llama/a.safetensors"), clock.nowNs())).isEmpty();
    clock.advance(Duration.ofHours(23));
    assertThat(observe(d, read(cid(3), "/models/other/a.safetensors"), clock.nowNs())).isEmpty(); // still learning
    clock.advance(Duration.ofHours(2));
    assertThat(d.learned(clock.nowNs())).isTrue();
    // a new container (rollout) of the same image name: known
    assertThat(observe(d, read(cid(2), "/models/llama/b.safetensors"), clock.nowNs())).isEmpty();
    assertThat(observe(d, read(cid(3), "/models/other/b.safetensors"), clock.nowNs())).isEmpty(); // learned
    RecordedEvent novel = read(cid(3), "/models/llama/a.safetensors");
    List<AlertEvent> alerts = observe(d, novel, clock.nowNs());
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.ruleId()).isEqualTo("first-seen-image-asset");
      assertThat(a.cites()).containsExactly(AlertEvent.Citation.of(novel));
      assertThat(a.title()).isEqualTo("First container image docker.io/library/busybox:latest to touch model_weights /models/llama");
      assertThat(a.groupKey()).isEqualTo("docker.io/library/busybox:latest|/models/llama");
      assertThat(a.message()).contains("image docker.io/library/busybox:latest container " + cid(3))
          .contains("/models/llama/a.safetensors");
      assertThat(a.measure().metric()).isEqualTo("first_seen");
    });
    assertThat(observe(d, read(cid(3), "/models/llama/c.safetensors"), clock.nowNs())).isEmpty(); // once
    assertThat(asked).contains("containerd/" + cid(1));
  }

  @Test
  void digestIsCitedInTheMessage() {
    byId.put(cid(1), new ImageLookup.Image("registry.example/vllm:0.6.3", DIGEST));
    FirstSeenDetector d = FirstSeenDetector.imageAsset(Duration.ZERO, 10, lookup);
    assertThat(observe(d, read(cid(1), "/models/x/w.pt"), clock.nowNs())).singleElement()
        .satisfies(a -> assertThat(a.message()).contains("(" + DIGEST + ")"));
  }

  @Test
  void unknownImage_noKeyCounted_hostProcess_noKeyNotCounted() {
    FirstSeenDetector d = FirstSeenDetector.imageAsset(Duration.ZERO, 10, lookup);
    assertThat(observe(d, read(cid(9), "/models/x/w.pt"), clock.nowNs())).isEmpty();
    assertThat(observe(d, read(cid(9), "/models/y/w.pt"), clock.nowNs())).isEmpty();
    assertThat(d.unknownImage()).isEqualTo(2);
    assertThat(observe(d, read(null, "/models/x/w.pt"), clock.nowNs())).isEmpty();
    assertThat(d.unknownImage()).isEqualTo(2);
    assertThat(d.size()).isZero();
    assertThat(asked).doesNotContain("null/null");
  }

  @Test
  void stateBounded_savedAndRestored(@TempDir Path dir) throws Exception {
    byId.put(cid(1), new ImageLookup.Image("a:1", null));
    byId.put(cid(2), new ImageLookup.Image("b:1", null));
    byId.put(cid(3), new ImageLookup.Image("c:1", null));
    FirstSeenDetector d = FirstSeenDetector.imageAsset(Duration.ofHours(1), 2, lookup);
    observe(d, read(cid(1), "/models/m/w.pt"), clock.nowNs());
    observe(d, read(cid(2), "/models/m/w.pt"), clock.nowNs());
    observe(d, read(cid(3), "/models/m/w.pt"), clock.nowNs());
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.overflowed()).isEqualTo(1);
    d.save(dir);
    assertThat(dir.resolve("first-seen-image-asset.tsv")).exists();
    clock.advance(Duration.ofHours(2));
    FirstSeenDetector r = FirstSeenDetector.imageAsset(Duration.ofHours(1), 2, lookup);
    r.load(dir);
    assertThat(r.learned(clock.nowNs())).isTrue();
    assertThat(observe(r, read(cid(1), "/models/m/v.pt"), clock.nowNs())).isEmpty();
    assertThat(observe(r, read(cid(2), "/models/m/v.pt"), clock.nowNs())).isEmpty();
    assertThat(observe(r, read(cid(3), "/models/m/v.pt"), clock.nowNs())).hasSize(1); // not remembered: overflowed
  }
}
