package dev.aiaudit.export;

import java.util.List;

/** The journal's signed checkpoints, read incrementally (wired by the cli; export does not depend on the journal). */
public interface CheckpointSource {

  /**
   * The checkpoints written since the previous call (all of them on the first call), in file order.
   *
   * @throws RuntimeException when they cannot be read (the exporter reports it and tries again later)
   */
  List<SignedCheckpoint> next();
}
