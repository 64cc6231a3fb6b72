package dev.aiaudit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class GpuEventCodecTest {
  private static final ProcessInfo PROC =
      new ProcessInfo(4242, 1, 1000, "alice", "/usr/bin/python3.11", "python3 train.py", 1_732_000_000_123_456_789L,
          "0123abcd", "containerd", "5f1e2d3c-aaaa-bbbb-cccc-000000000001");
  private static final GpuDevice H100 =
      new GpuDevice(1, "GPU-11111111-2222-3333-4444-555555555555", "NVIDIA H100 80GB HBM3", "00000000:17:00.0", true);

  @Test
  void deviceSample_usesOcsfHeaderAndUnmappedGpu() throws Exception {
    GpuMetrics m = new GpuMetrics(87, 40, 38L << 30, 80L << 30, 412_000, 9_000_000_000L, 61, 1980, 2619, 0, 4_120_000,
        10_000_000_000L);
    GpuEvent e = GpuEvent.device(1_732_476_000_123_000_000L, "gpu-node-1", H100, m, "nvml");
    JsonNode n = new ObjectMapper().readTree(EventCodec.encode(e));
    assertThat(n.get("class_uid").asInt()).isEqualTo(1099);
    assertThat(n.get("class_name").asText()).isEqualTo("GPU Activity");
    assertThat(n.get("activity_id").asInt()).isEqualTo(1);
    assertThat(n.get("type_uid").asInt()).isEqualTo(109901);
    assertThat(n.at("/unmapped/gpu/uuid").asText()).isEqualTo(H100.uuid());
    assertThat(n.at("/unmapped/gpu/mig_mode").asBoolean()).isTrue();
    assertThat(n.at("/unmapped/metrics/energy_interval_mj").asLong()).isEqualTo(4_120_000);
    assertThat(n.has("actor")).isFalse();
    assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
  }

  @Test
  void processSample_carriesTheActorAsFileEventsDo() throws Exception {
    GpuProcessUsage u = new GpuProcessUsage(38L << 30, 1, 0, 73, 20, "compute", 10_000_000_000L, 2_500_000);
    GpuEvent e = GpuEvent.process(5_000_000_000L, "h", H100, PROC, u, "nvml");
    JsonNode n = new ObjectMapper().readTree(EventCodec.encode(e));
    assertThat(n.at("/actor/process/pid").asInt()).isEqualTo(4242);
    assertThat(n.at("/actor/process/container/pod_uuid").asText()).isEqualTo(PROC.podUid());
    assertThat(n.at("/unmapped/usage/used_memory_bytes").asLong()).isEqualTo(38L << 30);
    assertThat(n.at("/unmapped/attribution").asText()).isEqualTo("exact");
    assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
  }

  @Test
  void session_roundTrips() {
    GpuSession s = new GpuSession(38L << 30, 5880.5, 4100.25, 2_000_000_000L, 589, "exited");
    GpuEvent e = GpuEvent.session(1_000L, 5_880_000_001_000L, "h", H100, PROC, s, "nvml");
    assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
  }

  @Test
  void constructor_refusesAProcessSampleWithoutItsUsage() {
    assertThatThrownBy(() -> new GpuEvent(1, 1, "h", GpuEvent.Kind.PROCESS, H100, null, PROC, null, null, "nvml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a process sample has a process and its usage");
  }

  @Test
  void decode_unknownRecordKind_namesIt() {
    String json = "{\"class_uid\":1099,\"device\":{\"hostname\":\"h\"},\"unmapped\":{\"gpu_record\":\"nope\","
        + "\"time_ns\":1,\"end_time_ns\":1,\"gpu\":{\"index\":0,\"uuid\":\"GPU-x\"}}}";
    assertThatThrownBy(() -> EventCodec.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown GPU record kind 'nope'");
  }

  @Property(tries = 200)
  void anyProcessSample_roundTrips(@ForAll("usages") GpuProcessUsage u, @ForAll("names") String exe) {
    ProcessInfo p = new ProcessInfo(7, -1, -1, null, exe, null, 0, null, null, null);
    GpuEvent e = GpuEvent.process(123_456_789L, "host-\u202e", new GpuDevice(0, "GPU-\u0007", null, null, false), p, u,
        "nvml");
    assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
  }

  @Provide
  Arbitrary<GpuProcessUsage> usages() {
    Arbitrary<Long> mem = Arbitraries.longs().between(-1, Long.MAX_VALUE);
    Arbitrary<Integer> id = Arbitraries.integers().between(-1, 14);
    Arbitrary<Integer> pct = Arbitraries.integers().between(-1, 100);
    return Combinators.combine(mem, id, id, pct, pct, Arbitraries.of("compute", "graphics", "compute+graphics"),
            Arbitraries.longs().between(0, Long.MAX_VALUE), mem)
        .as(GpuProcessUsage::new);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(40).map(s -> "/" + s);
  }
}
