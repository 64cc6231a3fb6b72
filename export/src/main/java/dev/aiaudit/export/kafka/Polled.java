package dev.aiaudit.export.kafka;

import java.util.List;
import java.util.Map;

/**
 * What one poll returned: well-formed records, the ones that were not (with partition, offset and the problem),
 * and the offsets to commit once both are stored.
 *
 * @param records well-formed records in partition order
 * @param malformed records that could not be read
 * @param checkpoints signed checkpoints, in partition order
 * @param nextOffsets per partition, the offset after the last record of this poll
 */
public record Polled(List<FleetRecord> records, List<Malformed> malformed, List<FleetCheckpointRecord> checkpoints,
    Map<Integer, Long> nextOffsets) {

  /** A record that could not be read. */
  public record Malformed(String topic, int partition, long offset, String problem) {}

  public boolean isEmpty() {
    return records.isEmpty() && malformed.isEmpty() && checkpoints.isEmpty();
  }
}
