package dev.aiaudit.store.pg;

import java.util.List;
import java.util.Map;

/**
 * Everything one Kafka poll brings, stored in one PostgreSQL transaction by {@link FleetStore#write}.
 *
 * @param rows records, in poll order
 * @param findings chain findings
 * @param rejected records that could not be read
 * @param checkpoints signed checkpoints
 * @param heads the hosts' new chain heads
 */
public record FleetBatch(List<FleetRow> rows, List<ChainFinding> findings, List<Rejected> rejected, List<FleetCheckpoint> checkpoints,
    Map<String, HostHead> heads) {}
