package dev.aiaudit.journal;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.pipeline.EventSink;
import dev.aiaudit.pipeline.SinkException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal as the pipeline's sink: appends each batch and hands the recorded events (with their seq
 * and chain hash) to {@code downstream} (the store, exporters) only once they are durable. Under {@link
 * FsyncPolicy#GROUP} that is at once; under {@link FsyncPolicy#INTERVAL} a batch is held until an fsync
 * covers it and released on a later {@link #accept}, {@link #flush} or {@link #close}.
 *
 * <p>A failing downstream is logged, not rethrown: the batch is already journaled, and a retry by the
 * pipeline would journal it twice; the consumer catches up with {@link Journal#read}. {@link #close()}
 * closes the journal. Called from one pipeline worker thread (not thread-safe).
 */
public final class JournalSink implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(JournalSink.class);

  private final Journal journal;
  private final Consumer<List<RecordedEvent>> downstream;
  private final ArrayDeque<List<RecordedEvent>> pending = new ArrayDeque<>();

  public JournalSink(Journal journal, Consumer<List<RecordedEvent>> downstream) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.downstream = Objects.requireNonNull(downstream, "downstream");
  }

  /** @throws SinkException when the batch could not be journaled (nothing goes downstream then) */
  @Override
  public void accept(List<Event> batch) {
    List<RecordedEvent> recorded;
    try {
      recorded = journal.append(batch);
    } catch (JournalException e) {
      throw new SinkException(e.getMessage(), e);
    }
    if (!recorded.isEmpty()) {
      pending.add(recorded);
    }
    release();
  }

  @Override
  public void flush() {
    try {
      journal.flush();
    } catch (JournalException e) {
      throw new SinkException(e.getMessage(), e);
    }
    release();
  }

  @Override
  public void close() {
    try {
      flush();
    } finally {
      journal.close();
    }
  }

  private void release() {
    long durable = journal.durableSeq();
    while (!pending.isEmpty() && pending.peekFirst().getLast().seq() <= durable) {
      List<RecordedEvent> recorded = pending.pollFirst();
      try {
        downstream.accept(recorded);
      } catch (RuntimeException e) {
        long first = recorded.getFirst().seq();
        LOG.warn("downstream of the journal failed for seqs {}..{}; they are journaled and can be replayed with"
            + " Journal.read(dir, {})", first, recorded.getLast().seq(), first, e);
      }
    }
  }
}
