package dev.aiaudit.model;

import java.util.Locale;

/** What a touched file is to an AI workload. The JSON/CLI spelling is {@link #id()}. */
public enum AssetKind {
  MODEL_WEIGHTS,
  TRAINING_DATA,
  GPU_DEVICE,
  OTHER;

  private final String id = name().toLowerCase(Locale.ROOT);

  /** The stable lower-case spelling used in records, queries and config ({@code model_weights}). */
  public String id() {
    return id;
  }

  /** Parses {@code model_weights}, {@code model-weights} or {@code MODEL_WEIGHTS}. */
  public static AssetKind parse(String s) {
    String n = s.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (AssetKind k : values()) {
      if (k.name().equals(n)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown asset kind '" + s + "' (expected model_weights, training_data, gpu_device or other)");
  }
}
