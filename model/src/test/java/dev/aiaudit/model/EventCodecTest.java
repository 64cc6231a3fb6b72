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

class EventCodecTest {

  private static final ProcessInfo PROC =
      new ProcessInfo(4242, 1, 1000, "alice", "/usr/bin/python3.11", "python3 train.py --epochs 3",
          1_732_000_000_123_456_789L, "0123abcd", "containerd", "5f1e2d3c-aaaa-bbbb-cccc-000000000001");

  @Test
  void encode_fileEvent_usesOcsfFieldNames() throws Exception {
    FileEvent e = new FileEvent(1_732_476_000_123_000_000L, 1_732_476_001_000_000_000L, "gpu-node-1",
        FileActivity.READ, PROC, "/models/llama/model.safetensors", AssetKind.MODEL_WEIGHTS, 37, "fanotify");
    JsonNode n = new ObjectMapper().readTree(EventCodec.encode(e));
    assertThat(n.get("class_uid").asInt()).isEqualTo(1001);
    assertThat(n.get("activity_id").asInt()).isEqualTo(2);
    assertThat(n.get("type_uid").asInt()).isEqualTo(100102);
    assertThat(n.get("time").asLong()).isEqualTo(1_732_476_000_123L);
    assertThat(n.get("count").asLong()).isEqualTo(37);
    assertThat(n.at("/actor/process/pid").asInt()).isEqualTo(4242);
    assertThat(n.at("/actor/process/file/path").asText()).isEqualTo("/usr/bin/python3.11");
    assertThat(n.at("/actor/process/container/pod_uuid").asText()).isEqualTo("5f1e2d3c-aaaa-bbbb-cccc-000000000001");
    assertThat(n.at("/actor/user/name").asText()).isEqualTo("alice");
    assertThat(n.at("/file/name").asText()).isEqualTo("model.safetensors");
    assertThat(n.at("/unmapped/asset_kind").asText()).isEqualTo("model_weights");
    assertThat(n.at("/device/hostname").asText()).isEqualTo("gpu-node-1");
  }

  @Test
  void decode_sensorEvent_roundTrips() {
    SensorEvent s = new SensorEvent(5L, "h", SensorEvent.Kind.QUEUE_OVERFLOW, 12, "fanotify queue overflowed");
    assertThat(EventCodec.decode(EventCodec.encode(s))).isEqualTo(s);
  }

  @Test
  void decode_findingEvent_roundTripsAsOcsfComplianceFinding() throws Exception {
    FindingEvent f = new FindingEvent(7_000_000_123L, "h", "k8s:ml/Deployment/llm", "compliant", "non-compliant",
        "[AIA-ADM-001] model name missing", "policy-watch");
    JsonNode n = new ObjectMapper().readTree(EventCodec.encode(f));
    assertThat(n.get("class_uid").asInt()).isEqualTo(2003);
    assertThat(n.get("category_uid").asInt()).isEqualTo(2);
    assertThat(n.at("/compliance/status").asText()).isEqualTo("non-compliant");
    assertThat(n.at("/resources/0/uid").asText()).isEqualTo("k8s:ml/Deployment/llm");
    assertThat(n.get("severity_id").asInt()).isEqualTo(4);
    assertThat(EventCodec.decode(EventCodec.encode(f))).isEqualTo(f);
  }

  @Test
  void decode_garbage_saysWhy() {
    assertThatThrownBy(() -> EventCodec.decode("{\"class_uid\":7}".getBytes()))
        .hasMessageContaining("unsupported class_uid 7");
    assertThatThrownBy(() -> EventCodec.decode("{\"class_uid\":1001}".getBytes()))
        .hasMessageContaining("lacks field");
    assertThatThrownBy(() -> EventCodec.decode("not json".getBytes()))
        .hasMessageStartingWith("not a JSON event record");
  }

  @Property(tries = 300)
  void decode_encode_roundTripsEveryFileEvent(@ForAll("fileEvents") FileEvent e) {
    assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
  }

  @Provide
  Arbitrary<FileEvent> fileEvents() {
    Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(40);
    Arbitrary<String> maybe = text.injectNull(0.3);
    Arbitrary<ProcessInfo> proc = Combinators.combine(
            Arbitraries.integers().between(0, 4_000_000), Arbitraries.integers().between(-1, 4_000_000),
            Arbitraries.integers().between(-1, 70_000), maybe, maybe, maybe,
            Arbitraries.longs().between(0, Long.MAX_VALUE / 4), maybe)
        .as((pid, ppid, uid, user, exe, cmd, start, cid) ->
            new ProcessInfo(pid, ppid, uid, user, exe, cmd, start, cid, cid == null ? null : "docker", cid == null ? null : "pod-" + pid));
    Arbitrary<FileOrigin> origin = Combinators.combine(Arbitraries.of(FileOrigin.NS_SAME, FileOrigin.NS_OTHER,
            FileOrigin.NS_UNKNOWN).injectNull(0.3), maybe, maybe, maybe)
        .as((ns, nsPath, cid, cpath) -> new FileOrigin(ns, nsPath, cid, cid == null ? null : "containerd", cpath))
        .injectNull(0.3);
    return Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE / 4), Arbitraries.longs().between(0, 1_000_000),
            Arbitraries.of(FileActivity.class), proc, text, Arbitraries.of(AssetKind.class), Arbitraries.longs().between(1, 1_000_000),
            origin)
        .as((t, d, act, p, path, kind, count, o) ->
            new FileEvent(t, t + d, "host", act, p, "/" + path, kind, count, "fanotify", o,
                act == FileActivity.OPEN ? count % 3 : 0)); // reads folded into an open: 0 (field absent), 1, 2
  }

  @Test
  void encode_openWithFoldedReads_writesUnmappedReads() throws Exception {
    FileEvent e = FileEvent.of(5L, "h", FileActivity.OPEN, PROC, "/models/m.safetensors", AssetKind.MODEL_WEIGHTS, "fanotify")
        .withReads(1);
    JsonNode n = new ObjectMapper().readTree(EventCodec.encode(e));
    assertThat(n.get("activity_id").asInt()).isEqualTo(14);
    assertThat(n.get("count").asLong()).isEqualTo(1);
    assertThat(n.path("unmapped").get("reads").asLong()).isEqualTo(1);
    assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
    assertThat(new ObjectMapper().readTree(EventCodec.encode(e.withReads(0))).path("unmapped").has("reads")).isFalse();
  }

  @Test
  void encode_processEvent_isOcsfProcessActivityLaunch() throws Exception {
    ProcessInfo child = new ProcessInfo(4300, 4242, 0, "root", "/usr/bin/cat", "cat /models/m.safetensors",
        1_732_000_000_223_456_789L, null, null, null, Attribution.INHERITED, "exec not read: process exited");
    ProcessEvent e = new ProcessEvent(1_732_476_000_123_000_000L, 1_732_476_000_923_000_000L, "node", child,
        "/usr/bin/bash", "bash -c loop", "/root", 3, "proc-connector");
    JsonNode n = new ObjectMapper().readTree(EventCodec.encode(e));
    assertThat(n.get("class_uid").asInt()).isEqualTo(1007);
    assertThat(n.get("activity_id").asInt()).isEqualTo(1);
    assertThat(n.get("activity_name").asText()).isEqualTo("Launch");
    assertThat(n.get("type_uid").asInt()).isEqualTo(100701);
    assertThat(n.get("count").asLong()).isEqualTo(3);
    assertThat(n.at("/process/file/path").asText()).isEqualTo("/usr/bin/cat");
    assertThat(n.at("/process/parent_process/pid").asInt()).isEqualTo(4242);
    assertThat(n.at("/process/parent_process/file/path").asText()).isEqualTo("/usr/bin/bash");
    assertThat(n.at("/process/working_directory").asText()).isEqualTo("/root");
    assertThat(n.at("/actor/process/cmd_line").asText()).isEqualTo("bash -c loop");
    assertThat(n.at("/unmapped/attribution").asText()).isEqualTo("inherited-from-parent");
    assertThat(n.at("/unmapped/attribution_reason").asText()).isEqualTo("exec not read: process exited");
    assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
  }

  @Test
  void decode_fileEventWithoutAttribution_derivesItFromExeAndUid() {
    FileEvent e = FileEvent.of(5L, "h", FileActivity.OPEN, ProcessInfo.unknown(7), "/m", AssetKind.OTHER, "fanotify");
    String json = EventCodec.encodeToString(e).replaceAll(",\"attribution\":\"unknown\",\"attribution_reason\":\"[^\"]*\"", "");
    assertThat(json).doesNotContain("attribution");
    FileEvent back = (FileEvent) EventCodec.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(back.process().attribution()).isEqualTo(Attribution.UNKNOWN);
    assertThat(back.process().attributionReason()).isEqualTo("exe and uid unknown");
    assertThat(PROC.attribution()).isEqualTo(Attribution.EXACT);
    assertThat(PROC.attributionReason()).isNull();
  }

  @Property(tries = 300)
  void decode_encode_roundTripsEveryProcessEvent(@ForAll("processEvents") ProcessEvent e) {
    assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
  }

  @Provide
  Arbitrary<ProcessEvent> processEvents() {
    Arbitrary<String> maybe = Arbitraries.strings().ofMinLength(1).ofMaxLength(40).injectNull(0.3);
    Arbitrary<ProcessInfo> proc = Combinators.combine(
            Arbitraries.integers().between(0, 4_000_000), Arbitraries.integers().between(-1, 4_000_000),
            Arbitraries.integers().between(-1, 70_000), maybe, maybe, maybe,
            Arbitraries.longs().between(0, Long.MAX_VALUE / 4), maybe)
        .as((pid, ppid, uid, user, exe, cmd, start, cid) ->
            new ProcessInfo(pid, ppid, uid, user, exe, cmd, start, cid, cid == null ? null : "containerd",
                cid == null ? null : "pod-" + pid));
    Arbitrary<ProcessInfo> attributed = Combinators.combine(proc, Arbitraries.of(Attribution.class), maybe)
        .as((p, a, why) -> p.withAttribution(a, why));
    return Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE / 4), Arbitraries.longs().between(0, 1_000_000),
            attributed, maybe, maybe, maybe, Arbitraries.longs().between(1, 1_000_000))
        .as((t, d, p, pexe, pcmd, cwd, count) -> new ProcessEvent(t, t + d, "host", p, pexe, pcmd, cwd, count, "proc-connector"));
  }
}
