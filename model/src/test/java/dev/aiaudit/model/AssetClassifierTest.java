package dev.aiaudit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AssetClassifierTest {

  @ParameterizedTest
  @CsvSource({
    "/models/llama-3/model-00001-of-00004.safetensors, MODEL_WEIGHTS",
    "/models/q4/model.Q4_K_M.gguf, MODEL_WEIGHTS",
    "/root/.cache/huggingface/hub/x/pytorch_model-00001-of-00002.bin, MODEL_WEIGHTS",
    "/srv/resnet.onnx, MODEL_WEIGHTS",
    "/data/train/shard-0001.parquet, TRAINING_DATA",
    "/data/corpus.jsonl, TRAINING_DATA",
    "/data/corpus.jsonl.gz, TRAINING_DATA",
    "/dev/nvidia0, GPU_DEVICE",
    "/dev/nvidiactl, GPU_DEVICE",
    "/dev/dri/renderD128, GPU_DEVICE",
    "/dev/kfd, GPU_DEVICE",
    "/dev/accel/accel0, GPU_DEVICE",
    "/data/README.md, OTHER",
    "/data/.safetensors, OTHER",
    "/dev/null, OTHER",
  })
  void classify_defaults(String path, AssetKind expected) {
    assertThat(AssetClassifier.defaults().classify(path)).isEqualTo(expected);
  }

  @Test
  void classify_configuredGlobWinsOverExtension() {
    AssetClassifier c = AssetClassifier.builder()
        .addGlob("/srv/ckpt/**", AssetKind.MODEL_WEIGHTS)
        .addGlob("/srv/eval/**.safetensors", AssetKind.TRAINING_DATA)
        .build();
    assertThat(c.classify("/srv/ckpt/step-100/optimizer.state")).isEqualTo(AssetKind.MODEL_WEIGHTS);
    assertThat(c.classify("/srv/eval/a/b.safetensors")).isEqualTo(AssetKind.TRAINING_DATA);
    assertThat(c.classify("/srv/other/b.safetensors")).isEqualTo(AssetKind.MODEL_WEIGHTS);
  }

  @Test
  void addGlob_invalid_namesTheGlob() {
    assertThatThrownBy(() -> AssetClassifier.builder().addGlob("/a/[", AssetKind.OTHER))
        .hasMessageContaining("invalid glob '/a/['");
  }

  @Test
  void assetKind_parse_acceptsSpellings() {
    assertThat(AssetKind.parse("model-weights")).isEqualTo(AssetKind.MODEL_WEIGHTS);
    assertThat(AssetKind.parse("gpu_device")).isEqualTo(AssetKind.GPU_DEVICE);
    assertThatThrownBy(() -> AssetKind.parse("weights")).hasMessageContaining("unknown asset kind 'weights'");
  }
}
