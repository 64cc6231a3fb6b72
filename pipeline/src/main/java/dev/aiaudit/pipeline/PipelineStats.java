package dev.aiaudit.pipeline;

/**
 * Counters of a {@link BatchingSink}, a snapshot.
 *
 * @param offered events offered by producers
 * @param dropped events dropped because the queue was full (each is also reported as an
 *     EVENTS_DROPPED sensor event)
 * @param delivered events the downstream sink accepted
 * @param failedBatches batches the downstream sink refused after all retries
 * @param failedEvents events in those batches
 * @param queued events waiting in the queue now
 * @param failing the downstream sink is refusing batches now (full disk); events are held meanwhile
 * @param failedAttempts downstream attempts that failed, in total
 * @param unreportedDrops drops not yet reported by an EVENTS_DROPPED record
 * @param lastFailure the last downstream failure, one line (null when none)
 */
public record PipelineStats(long offered, long dropped, long delivered, long failedBatches, long failedEvents, int queued,
    boolean failing, long failedAttempts, long unreportedDrops, String lastFailure) {}
