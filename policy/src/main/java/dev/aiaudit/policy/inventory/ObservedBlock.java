package dev.aiaudit.policy.inventory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Accumulates host observations into an item's {@code observed} block (producer-side, not thread-safe). */
final class ObservedBlock {

  static final int MAX_PROCESSES = 64;
  static final int MAX_EVIDENCE = 100;

  private final Map<Long, String> processes = new LinkedHashMap<>();
  private final TreeSet<String> weightFiles = new TreeSet<>();
  private final TreeSet<String> gpuDevices = new TreeSet<>();
  private final List<HostObservation> evidence = new ArrayList<>();
  private Instant firstSeen;
  private Instant lastSeen;

  void add(HostObservation o) {
    if (processes.size() < MAX_PROCESSES) {
      processes.putIfAbsent(o.pid(), o.exe());
    }
    switch (o.assetKind()) {
      case HostObservation.MODEL_WEIGHTS -> weightFiles.add(o.path());
      case HostObservation.GPU_DEVICE -> gpuDevices.add(o.path());
      default -> { }
    }
    firstSeen = firstSeen == null || o.time().isBefore(firstSeen) ? o.time() : firstSeen;
    lastSeen = lastSeen == null || o.time().isAfter(lastSeen) ? o.time() : lastSeen;
    if (o.seq() >= 0 || o.hash() != null) {
      evidence.add(o);
    }
  }

  boolean hasWeights() {
    return !weightFiles.isEmpty();
  }

  boolean hasGpu() {
    return !gpuDevices.isEmpty();
  }

  ObjectNode toJson() {
    ObjectNode out = Json.object();
    var procs = out.putArray("processes");
    processes.forEach((pid, exe) -> procs.addObject().put("pid", pid).put("exe", exe));
    var w = out.putArray("weightFiles");
    weightFiles.forEach(w::add);
    var g = out.putArray("gpuDevices");
    gpuDevices.forEach(g::add);
    out.put("firstSeen", firstSeen.toString());
    out.put("lastSeen", lastSeen.toString());
    var ev = out.putArray("evidence");
    evidence.stream()
        .sorted(java.util.Comparator.comparingLong(HostObservation::seq))
        .limit(MAX_EVIDENCE)
        .forEach(o -> {
          ObjectNode e = ev.addObject();
          if (o.seq() >= 0) {
            e.put("seq", o.seq());
          }
          Json.putIfPresent(e, "hash", o.hash());
        });
    out.properties().removeIf(e -> e.getValue().isContainerNode() && e.getValue().isEmpty());
    return out;
  }
}
