package dev.aiaudit.cli.wiring;

import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.policy.Evidence;
import dev.aiaudit.policy.EvidenceRecord;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.EventSearch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code gpu.telemetry} evidence (NIST AI RMF MEASURE 2.12, EU AI Act Annex XI energy): GPU records of a container
 * or pod that carry an energy figure (process samples and sessions), cited by seq and hash. When the store holds no GPU
 * telemetry at all in the window, the answer is {@code unknown} with the reason (and the sensor record that says
 * telemetry is off, when there is one), never a count of 0 that would read as "measured, nothing used".
 */
final class GpuEvidence {
  private GpuEvidence() {}

  static Evidence<Long> energySamples(Supplier<EventSearch> open, String rid, Instant since) {
    long[] n = {0};
    long[] anyGpu = {0};
    List<EvidenceRecord> cited = new ArrayList<>();
    List<EvidenceRecord> off = new ArrayList<>();
    String[] offWhy = {null};
    try (EventSearch s = open.get()) {
      s.query(EventQuery.builder().classUids(List.of(GpuEvent.CLASS_UID)).from(since).limit(1).build(),
          row -> anyGpu[0]++);
      if (anyGpu[0] == 0) {
        s.query(EventQuery.builder().classUids(List.of(SensorEvent.CLASS_UID)).from(since).limit(0).newestFirst(true).build(),
            row -> {
              if (offWhy[0] == null && row.event() instanceof SensorEvent se && se.kind() == SensorEvent.Kind.GPU_TELEMETRY) {
                offWhy[0] = se.message();
                off.add(new EvidenceRecord(row.seq(), row.hash()));
              }
            });
        return Evidence.unknown("no GPU telemetry on record since " + since + (offWhy[0] == null
            ? " (the agent did not sample GPUs: gpu.enabled false, or an agent without GPU telemetry)"
            : ": " + offWhy[0] + " (seq " + off.getFirst().seq() + ")"));
      }
      s.query(EventQuery.builder().classUids(List.of(GpuEvent.CLASS_UID)).container(rid).from(since).limit(0).build(),
          row -> count(row, n, cited));
    } catch (RuntimeException e) {
      return Evidence.unknown("store unavailable: " + e.getMessage());
    }
    return Evidence.of(n[0], cited, n[0] + " GPU records with energy figures for " + rid + " since " + since);
  }

  private static void count(EventRow row, long[] n, List<EvidenceRecord> cited) {
    if (row.event() instanceof GpuEvent g && ((g.usage() != null && g.usage().energyMj() >= 0)
        || (g.session() != null && g.session().energyMj() >= 0))) {
      n[0]++;
      if (cited.size() < Evidence.MAX_CITED) {
        cited.add(new EvidenceRecord(row.seq(), row.hash()));
      }
    }
  }
}
