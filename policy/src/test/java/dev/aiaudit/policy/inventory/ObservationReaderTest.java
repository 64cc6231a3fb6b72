package dev.aiaudit.policy.inventory;

import dev.aiaudit.model.text.Diagnostic;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservationReaderTest {

  @TempDir Path dir;

  @Test
  void read_jsonLinesWithOneBadLine_keepsGoodLinesAndNamesTheBadOne() throws Exception {
    Path file = dir.resolve("obs.jsonl");
    Files.writeString(file, """
        {"pid":12,"exe":"/usr/bin/python3","uid":1000,"podUid":"p-1","path":"/m/w.safetensors","assetKind":"model_weights","time":"2026-11-24T10:00:00Z","seq":5,"hash":"ab"}

        {"pid":13,"exe":"/usr/bin/python3",
        {"pid":14,"exe":"/bin/x","path":"/dev/nvidia0","assetKind":"gpu_device","time":1764000000000000001}
        {"pid":15,"path":"/dev/nvidia0","assetKind":"gpu_device","time":"2026-11-24T10:00:00Z"}
        """);

    ObservationReader.Result r = ObservationReader.read(file);

    assertThat(r.observations()).hasSize(2);
    assertThat(r.observations().get(0).podUid()).isEqualTo("p-1");
    assertThat(r.observations().get(0).seq()).isEqualTo(5);
    assertThat(r.observations().get(1).time()).isEqualTo(Instant.ofEpochSecond(1764000000L, 1));
    assertThat(r.observations().get(1).groupKey()).isEqualTo("exe/bin/x");
    assertThat(r.issues()).extracting(Diagnostic::headline).containsExactly(
        "ERROR: " + file + ":3:36: malformed observation: Unexpected end-of-input within/between Object entries [OBSERVATION_JSON]",
        "ERROR: " + file + ":5:1: bad observation: missing field 'exe' [OBSERVATION_FIELD]");
  }
}
