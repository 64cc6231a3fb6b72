package dev.aiaudit.cli.wiring;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.policy.inventory.HostObservation;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Host discovery for the policy inventory: what the sensor saw open model weights or GPU device
 * nodes, read from the DuckDB store (read-only), as {@link HostObservation}s citing their journal
 * records.
 */
public final class StoreObservations {
  private StoreObservations() {}

  public static List<HostObservation> since(Path dataDir, Instant since) {
    List<HostObservation> out = new ArrayList<>();
    EventQuery q = EventQuery.builder().from(since)
        .assetKinds(EnumSet.of(AssetKind.MODEL_WEIGHTS, AssetKind.GPU_DEVICE)).limit(0).build();
    try (EventStore store = EventStore.openDuckDbReadOnly(dataDir.resolve("events.duckdb"))) {
      store.query(q, row -> {
        if (row.event() instanceof FileEvent f) {
          var p = f.process();
          out.add(new HostObservation(p.pid(), p.exe() == null ? "unknown" : p.exe(), p.uid(), p.containerId(), p.podUid(),
              null, null, f.path(), f.asset().id(), Instant.ofEpochSecond(0, f.timeNs()), row.seq(), row.hash()));
        }
      });
    }
    return out;
  }
}
