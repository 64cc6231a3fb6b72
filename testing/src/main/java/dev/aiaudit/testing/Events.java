package dev.aiaudit.testing;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;

/** Builders of realistic events for tests and benchmarks. */
public final class Events {
  private Events() {}

  public static ProcessInfo python(int pid) {
    return new ProcessInfo(pid, 1, 1000, "trainer", "/usr/bin/python3.11", "python3 train.py --model llama",
        1_767_225_000_000_000_000L + pid, "3f9a2c1b7d4e", "containerd", "7c1e4b2a-1111-2222-3333-444455556666");
  }

  /** The i-th event of a deterministic, varied stream (weights reads, data opens, GPU opens). */
  public static FileEvent sample(long i, long timeNs) {
    int pid = 1000 + (int) (i % 97);
    return switch ((int) (i % 4)) {
      case 0 -> new FileEvent(timeNs, timeNs, "node-1", FileActivity.READ, python(pid),
          "/models/llama/model-0000" + (i % 8) + "-of-00008.safetensors", AssetKind.MODEL_WEIGHTS, 1 + i % 50, "fanotify");
      case 1 -> FileEvent.of(timeNs, "node-1", FileActivity.OPEN, python(pid),
          "/data/train/shard-" + (i % 1000) + ".parquet", AssetKind.TRAINING_DATA, "fanotify");
      case 2 -> FileEvent.of(timeNs, "node-1", FileActivity.OPEN, python(pid), "/dev/nvidia" + (i % 8),
          AssetKind.GPU_DEVICE, "fanotify");
      default -> FileEvent.of(timeNs, "node-1", FileActivity.MODIFY, python(pid),
          "/models/ckpt/step-" + i + ".pt", AssetKind.MODEL_WEIGHTS, "fanotify");
    };
  }
}
