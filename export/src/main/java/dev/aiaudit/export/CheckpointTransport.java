package dev.aiaudit.export;

import java.util.List;

/**
 * A {@link SinkTransport} that can also carry the journal's signed checkpoints (Kafka, to the fleet collector), so
 * the collector can prove each host's stored chain against the host's signing key.
 */
public interface CheckpointTransport extends SinkTransport {

  /** Delivers the checkpoints of {@code host} (in order, after the records they cover) or throws. */
  void sendCheckpoints(String host, List<SignedCheckpoint> checkpoints) throws Exception;
}
