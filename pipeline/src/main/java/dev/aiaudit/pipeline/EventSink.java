package dev.aiaudit.pipeline;

import dev.aiaudit.model.Event;
import java.util.List;

/**
 * A stage that consumes batches of events: the journal, the store, an exporter. Batches, not single
 * events, travel on the hot path. Implementations document their thread-safety; the pipeline calls
 * each sink from one worker thread.
 */
public interface EventSink extends AutoCloseable {

  /**
   * Consumes a batch. When this returns normally the sink has taken responsibility for the batch
   * (for the journal: it is durable under the configured fsync policy).
   *
   * @throws SinkException when the batch could not be taken; the caller decides whether to retry
   */
  void accept(List<Event> batch);

  /** Makes everything accepted so far durable/visible. */
  default void flush() {}

  @Override
  default void close() {}

  /** A sink that discards everything. */
  static EventSink noop() {
    return batch -> {};
  }
}
