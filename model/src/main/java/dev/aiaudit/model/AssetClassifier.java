package dev.aiaudit.model;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Decides what a path is to an AI workload: configured globs first (in order, first match wins),
 * then GPU device nodes, then well-known file extensions, else {@link AssetKind#OTHER}.
 *
 * <p>Immutable and thread-safe; build one per configuration with {@link #builder()}.
 */
public final class AssetClassifier {

  /** Extensions (lower case, without dot) of model weight formats. */
  public static final List<String> MODEL_EXTENSIONS =
      List.of(
          "safetensors", "gguf", "ggml", "pt", "pth", "onnx", "ckpt", "h5", "keras", "pb", "tflite",
          "mlmodel", "msgpack", "engine", "plan", "nemo", "mar", "joblib");

  /** Extensions (lower case, without dot) of training/evaluation data formats. */
  public static final List<String> DATA_EXTENSIONS =
      List.of(
          "parquet", "arrow", "feather", "tfrecord", "tfrecords", "jsonl", "ndjson", "npy", "npz",
          "avro", "lance", "mds", "webdataset", "jsonl.gz", "jsonl.zst");

  /** Globs (on the absolute path) of GPU and accelerator device nodes. */
  public static final List<String> GPU_DEVICE_GLOBS =
      List.of("/dev/nvidia*", "/dev/nvidia-caps/*", "/dev/dri/*", "/dev/kfd", "/dev/accel/*", "/dev/neuron*");

  private static final AssetClassifier DEFAULT = builder().build();

  private final List<Rule> rules;
  private final List<PathMatcher> gpuMatchers;

  private AssetClassifier(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    this.gpuMatchers = GPU_DEVICE_GLOBS.stream().map(AssetClassifier::glob).toList();
  }

  /** The classifier with no configured globs: devices and extensions only. */
  public static AssetClassifier defaults() {
    return DEFAULT;
  }

  public static Builder builder() {
    return new Builder();
  }

  public AssetKind classify(String path) {
    Path p = Path.of(path);
    for (Rule r : rules) {
      if (r.matcher.matches(p)) {
        return r.kind;
      }
    }
    if (path.startsWith("/dev/")) {
      for (PathMatcher m : gpuMatchers) {
        if (m.matches(p)) {
          return AssetKind.GPU_DEVICE;
        }
      }
    }
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (hasExtension(name, MODEL_EXTENSIONS) || isHfPytorchBin(name)) {
      return AssetKind.MODEL_WEIGHTS;
    }
    if (hasExtension(name, DATA_EXTENSIONS)) {
      return AssetKind.TRAINING_DATA;
    }
    return AssetKind.OTHER;
  }

  private static boolean hasExtension(String name, List<String> exts) {
    for (String e : exts) {
      if (name.length() > e.length() + 1 && name.endsWith(e) && name.charAt(name.length() - e.length() - 1) == '.') {
        return true;
      }
    }
    return false;
  }

  /** Hugging Face's legacy weight shards: pytorch_model.bin, pytorch_model-00001-of-00002.bin. */
  private static boolean isHfPytorchBin(String name) {
    return name.endsWith(".bin") && (name.startsWith("pytorch_model") || name.startsWith("tf_model") || name.startsWith("flax_model"));
  }

  private static PathMatcher glob(String g) {
    return FileSystems.getDefault().getPathMatcher("glob:" + g);
  }

  private record Rule(String glob, AssetKind kind, PathMatcher matcher) {}

  /** Collects configured globs; each glob is matched against the absolute path. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();

    private Builder() {}

    /** Adds a glob such as {@code /srv/ckpt/**} for a kind; earlier globs win. */
    public Builder addGlob(String glob, AssetKind kind) {
      Objects.requireNonNull(glob, "glob");
      Objects.requireNonNull(kind, "kind");
      try {
        rules.add(new Rule(glob, kind, glob(glob)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid glob '" + glob + "': " + e.getMessage(), e);
      }
      return this;
    }

    /** Adds every glob of a map from kind to globs. */
    public Builder addGlobs(Map<AssetKind, List<String>> globs) {
      globs.forEach((k, list) -> list.forEach(g -> addGlob(g, k)));
      return this;
    }

    public AssetClassifier build() {
      return new AssetClassifier(rules);
    }
  }
}
