package dev.aiaudit.model;

import static dev.aiaudit.model.EventCodec.required;
import static dev.aiaudit.model.EventCodec.str;
import static dev.aiaudit.model.EventCodec.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * JSON of {@link GpuEvent} (ai-audit class 1099 "GPU Activity"): the OCSF header, {@code actor} for the
 * process (as file events write it), and the GPU under {@code unmapped.gpu}, its figures under {@code
 * unmapped.metrics}, {@code unmapped.usage} or {@code unmapped.session}. docs/gpu.md lists the fields.
 */
final class GpuEventCodec {
  private GpuEventCodec() {}

  static void write(JsonGenerator g, GpuEvent e) throws IOException {
    g.writeStartObject();
    GpuEvent.Kind k = e.kind();
    EventCodec.header(g, GpuEvent.CLASS_UID, "GPU Activity", k.activityId(), k.activityName(), 1, "Informational",
        e.timeNs());
    g.writeNumberField("start_time", e.timeNs() / 1_000_000L);
    g.writeNumberField("end_time", e.endTimeNs() / 1_000_000L);
    EventCodec.metadata(g, e.source(), e.host());
    if (e.process() != null) {
      EventCodec.actor(g, e.process());
    }
    g.writeObjectFieldStart("unmapped");
    g.writeStringField("gpu_record", k.id());
    g.writeNumberField("time_ns", e.timeNs());
    g.writeNumberField("end_time_ns", e.endTimeNs());
    if (e.process() != null) {
      g.writeNumberField("process_start_ns", e.process().startTimeNs());
      EventCodec.attribution(g, e.process());
    }
    writeGpu(g, e.gpu());
    if (e.metrics() != null) {
      writeMetrics(g, e.metrics());
    }
    if (e.usage() != null) {
      writeUsage(g, e.usage());
    }
    if (e.session() != null) {
      writeSession(g, e.session());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeGpu(JsonGenerator g, GpuDevice d) throws IOException {
    g.writeObjectFieldStart("gpu");
    g.writeNumberField("index", d.index());
    g.writeStringField("uuid", d.uuid());
    str(g, "name", d.name());
    str(g, "pci_bus_id", d.pciBusId());
    g.writeBooleanField("mig_mode", d.migEnabled());
    g.writeEndObject();
  }

  private static void writeMetrics(JsonGenerator g, GpuMetrics m) throws IOException {
    g.writeObjectFieldStart("metrics");
    g.writeNumberField("util_gpu_pct", m.utilGpuPct());
    g.writeNumberField("util_memory_pct", m.utilMemoryPct());
    g.writeNumberField("memory_used_bytes", m.memoryUsedBytes());
    g.writeNumberField("memory_total_bytes", m.memoryTotalBytes());
    g.writeNumberField("power_mw", m.powerMw());
    g.writeNumberField("energy_total_mj", m.energyMj());
    g.writeNumberField("temperature_c", m.temperatureC());
    g.writeNumberField("sm_clock_mhz", m.smClockMhz());
    g.writeNumberField("mem_clock_mhz", m.memClockMhz());
    g.writeNumberField("ecc_uncorrected", m.eccUncorrected());
    g.writeNumberField("energy_interval_mj", m.energyIntervalMj());
    g.writeNumberField("interval_ns", m.intervalNs());
    g.writeEndObject();
  }

  private static void writeUsage(JsonGenerator g, GpuProcessUsage u) throws IOException {
    g.writeObjectFieldStart("usage");
    g.writeNumberField("used_memory_bytes", u.usedMemoryBytes());
    g.writeNumberField("gpu_instance_id", u.gpuInstanceId());
    g.writeNumberField("compute_instance_id", u.computeInstanceId());
    g.writeNumberField("sm_util_pct", u.smUtilPct());
    g.writeNumberField("mem_util_pct", u.memUtilPct());
    g.writeStringField("type", u.type());
    g.writeNumberField("interval_ns", u.intervalNs());
    g.writeNumberField("energy_mj", u.energyMj());
    g.writeEndObject();
  }

  private static void writeSession(JsonGenerator g, GpuSession s) throws IOException {
    g.writeObjectFieldStart("session");
    g.writeNumberField("peak_memory_bytes", s.peakMemoryBytes());
    g.writeNumberField("gpu_seconds", s.gpuSeconds());
    g.writeNumberField("busy_gpu_seconds", s.busyGpuSeconds());
    g.writeNumberField("energy_mj", s.energyMj());
    g.writeNumberField("samples", s.samples());
    g.writeStringField("end_reason", s.endReason());
    g.writeEndObject();
  }

  static GpuEvent read(JsonNode n) {
    JsonNode u = n.path("unmapped");
    GpuEvent.Kind kind = GpuEvent.Kind.parse(required(u, "gpu_record").asText());
    JsonNode gj = required(u, "gpu");
    GpuDevice gpu = new GpuDevice(required(gj, "index").asInt(), required(gj, "uuid").asText(), text(gj, "name"),
        text(gj, "pci_bus_id"), gj.path("mig_mode").asBoolean(false));
    ProcessInfo p = kind == GpuEvent.Kind.DEVICE ? null : EventCodec.actorProcess(n);
    GpuMetrics m = null;
    GpuProcessUsage use = null;
    GpuSession s = null;
    switch (kind) {
      case DEVICE -> {
        JsonNode j = required(u, "metrics");
        m = new GpuMetrics(j.path("util_gpu_pct").asInt(-1), j.path("util_memory_pct").asInt(-1),
            j.path("memory_used_bytes").asLong(-1), j.path("memory_total_bytes").asLong(-1), j.path("power_mw").asLong(-1),
            j.path("energy_total_mj").asLong(-1), j.path("temperature_c").asInt(-1), j.path("sm_clock_mhz").asInt(-1),
            j.path("mem_clock_mhz").asInt(-1), j.path("ecc_uncorrected").asLong(-1),
            j.path("energy_interval_mj").asLong(-1), j.path("interval_ns").asLong(0));
      }
      case PROCESS -> {
        JsonNode j = required(u, "usage");
        use = new GpuProcessUsage(j.path("used_memory_bytes").asLong(-1), j.path("gpu_instance_id").asInt(-1),
            j.path("compute_instance_id").asInt(-1), j.path("sm_util_pct").asInt(-1), j.path("mem_util_pct").asInt(-1),
            j.path("type").asText("compute"), j.path("interval_ns").asLong(0), j.path("energy_mj").asLong(-1));
      }
      case SESSION -> {
        JsonNode j = required(u, "session");
        s = new GpuSession(j.path("peak_memory_bytes").asLong(-1), j.path("gpu_seconds").asDouble(0),
            j.path("busy_gpu_seconds").asDouble(-1), j.path("energy_mj").asLong(-1), required(j, "samples").asLong(),
            j.path("end_reason").asText("unknown"));
      }
    }
    return new GpuEvent(required(u, "time_ns").asLong(), required(u, "end_time_ns").asLong(),
        required(n.path("device"), "hostname").asText(), kind, gpu, m, p, use, s,
        n.path("metadata").path("log_provider").asText("unknown"));
  }
}
